import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { fail, pass, skipped, unknown, warn } from "./check-result";
import { lower, registeredModelState, tableState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";
import {
  describeSecurable,
  existence,
  heldPrivileges,
  heldThroughSchema,
  lacking,
  ownership,
} from "./privilege-evaluation";
import { parsed } from "./read-catalog";
import {
  describeReasons,
  requiredPrivileges,
  securableKey,
  type Privilege,
  type Securable,
  type SecurableNeed,
} from "./required-privileges";

/**
 * privileges: for each catalog, schema, table and registered model the stack needs something
 * on (required-privileges.ts), whether the identity holds it, and if not, the GRANT that fixes
 * it. Objects that do not exist are skipped here (the namespace and table checks report them).
 */
export function checkPrivileges(
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const needs = requiredPrivileges(specs, {
    table: (name) => ["found", "invisible"].includes(tableState(facts, name).kind),
    registeredModel: (fullName) => {
      const name = parsed(fullName);
      return name !== undefined && registeredModelState(facts, name).kind === "found";
    },
  });
  return [
    ...needs.map((need) => checkNeed(facts, need)),
    ...specs.flatMap((spec) => monitorOwnership(facts, spec)),
  ];
}

function checkNeed(facts: WorkspaceFacts, need: SecurableNeed): PreflightCheck {
  const { identity } = facts;
  const needed = [...need.privileges.keys()].sort();
  const line = (detail: string) => ({
    check: "privileges" as const,
    subject: describeSecurable(need.securable),
    detail,
    source: "rest" as const,
  });
  const exists = existence(facts, need.securable);
  if (exists === "no") return skipped(line(`does not exist; would need ${names(needed)}`));
  if (exists !== "yes") return unknown(line(`cannot tell whether it exists: ${exists}`));
  const owner = ownership(facts, need.securable, identity);
  if (owner !== undefined) return pass(line(`${names(needed)}: the identity is ${owner}`));

  const own = facts.permissions.get(securableKey(need.securable));
  const held = new Map([
    ...heldThroughSchema(facts, need.securable, identity),
    ...(own?.kind === "found" ? heldPrivileges(own.value, identity) : []),
  ]);
  const missing = lacking(needed, held);
  if (missing.length === 0) {
    const via = [...new Set(needed.map((p) => held.get(p) ?? held.get("ALL_PRIVILEGES")))];
    return pass(line(`holds ${names(needed)} (granted to ${via.join(", ")})`));
  }
  if (own?.kind === "refused") {
    return unknown(
      line(`its effective permissions cannot be read (${own.message}); needs ${names(missing)}`),
      `Check by hand that ${identity.userName} holds ${names(missing)} on ${describeSecurable(need.securable)}.`,
    );
  }
  const why = missing.flatMap((p) => describeReasons(need.privileges.get(p) ?? new Set()));
  return fail(
    line(`lacks ${names(missing)}, needed for: ${[...new Set(why)].join("; ")}`),
    grantText(need.securable, missing, identity.userName),
  );
}

/**
 * Creating or changing a monitor needs the monitored table's owner (or the schema's or
 * catalog's owner with SELECT): QualityMonitorsAPI.create in databricks-sdk-py catalog.py. A
 * processed table that exists and belongs to someone else is worth knowing before `up`.
 */
function monitorOwnership(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck[] {
  const table = spec.inference.processedTable;
  if (tableState(facts, table).kind !== "found") return [];
  const securable: Securable = { type: "table", fullName: lower(formatTableName(table)) };
  if (ownership(facts, securable, facts.identity) !== undefined) return [];
  return [
    warn(
      {
        check: "privileges",
        model: spec.name,
        subject: describeSecurable(securable),
        detail: `${facts.identity.userName} does not own it: creating or changing its monitor needs its owner`,
        source: "rest",
      },
      `Transfer ownership to ${facts.identity.userName} (ALTER TABLE … OWNER TO), or leave its monitor to its owner.`,
    ),
  ];
}

const names = (privileges: readonly Privilege[]): string =>
  privileges.map((p) => p.replace(/_/g, " ")).join(", ");

/** The statement (or, for a registered model, the place) that grants what is missing. */
export function grantText(
  securable: Securable,
  missing: readonly Privilege[],
  principal: string,
): string {
  const quoted = securable.fullName
    .split(".")
    .map((part) => `\`${part}\``)
    .join(".");
  if (securable.type === "function") {
    return `Grant ${names(missing)} on registered model ${securable.fullName} to ${principal} (Catalog Explorer → the model → Permissions), or on its schema.`;
  }
  return `GRANT ${names(missing)} ON ${securable.type.toUpperCase()} ${quoted} TO \`${principal}\``;
}
