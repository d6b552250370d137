import type { ModelSpec } from "../../../config/model-spec";
import { fail, pass, warn } from "./check-result";
import type { PreflightCheck } from "./output-schema";
import type { IdentityLookup } from "./read-identity";

/**
 * identity: who the credentials are. A person deploying prod gets a warning: the endpoint's
 * creator owns its inference tables, so they should not hang on one person's account
 * (Databricks recommends creating endpoints with a service principal for this reason:
 * https://docs.databricks.com/aws/en/machine-learning/model-serving/enable-model-serving-inference-tables).
 */
export function checkIdentity(
  lookup: IdentityLookup,
  host: string,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const subject = `workspace ${host}`;
  if (lookup.kind === "failed") {
    return [
      fail({ check: "identity", subject, detail: lookup.detail, source: "rest" }, lookup.fix),
    ];
  }
  const { identity } = lookup;
  const kind = identity.kind === "user" ? "user" : "service principal";
  const groups =
    identity.groups.length === 0 ? "no groups" : `groups ${identity.groups.join(", ")}`;
  const name = identity.displayName === null ? "" : ` (${identity.displayName})`;
  const line = {
    check: "identity" as const,
    subject,
    detail: `${kind} ${identity.userName}${name}, ${groups}; host reachable, TLS trusted`,
    source: "rest" as const,
  };
  if (identity.kind === "user" && specs.some((s) => s.environment === "prod")) {
    return [
      warn(
        { ...line, detail: `${line.detail}; a person deploys prod` },
        "Deploy prod as a service principal (OAuth M2M): the endpoint's creator owns its inference tables.",
      ),
    ];
  }
  return [pass(line)];
}
