import { type PolicyResource, UnknownValueError } from "@pulumi/policy";
import { type PolicySubject, UNKNOWN } from "../subject";

/**
 * Converts a resource as the policy SDK hands it to a stack validation into the shape the
 * rules read. The SDK's props throw UnknownValueError when a value is known only after
 * apply; here such values become the UNKNOWN marker the offline plan uses too.
 */

function plainValue(read: () => unknown): unknown {
  let value: unknown;
  try {
    value = read();
  } catch (error) {
    if (error instanceof UnknownValueError) return UNKNOWN;
    throw error;
  }
  if (Array.isArray(value)) return value.map((_, i) => plainValue(() => (value as unknown[])[i]));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record).map((key) => [key, plainValue(() => record[key])]),
    );
  }
  return value;
}

export function policySubjectOf(resource: PolicyResource): PolicySubject {
  const subject: PolicySubject = {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    inputs: plainValue(() => resource.props) as Record<string, unknown>,
    options: { protect: resource.opts.protect },
  };
  if (resource.parent) subject.parentUrn = resource.parent.urn;
  return subject;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` -> `<stack>`. */
export function stackOfUrn(urn: string): string {
  return urn.replace(/^urn:pulumi:/, "").split("::")[0] ?? "";
}
