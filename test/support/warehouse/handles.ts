import { randomBytes, randomUUID } from "node:crypto";
import { THandleIdentifier } from "./thrift-protocol";

/** Session and operation handles: the driver requires the guid to be a valid UUID. */
export function newHandleIdentifier(): THandleIdentifier {
  const uuid = randomUUID();
  return { guid: Buffer.from(uuid.replace(/-/g, ""), "hex"), secret: randomBytes(16) };
}

export function uuidOf(identifier: THandleIdentifier): string {
  const hex = Buffer.from(identifier.guid).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
