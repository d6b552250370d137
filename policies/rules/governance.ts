import { TYPES } from "../resource-types";
import type { PolicyRule } from "../rule";
import { findingOn, type Finding } from "../rule";
import { listAt, ofType, textAt } from "../subject";

/**
 * Authoritative grants revoke what anyone not listed holds on the securable: said on every
 * preview (advisory), since the offline plan is not the only way a change reaches `up`. The
 * policy SDK's resource options carry no `import`, so adoption is reported by the plan only.
 */
export const authoritativeGrants: PolicyRule = {
  id: "authoritative-grants",
  description:
    "Authoritative grants (databricks.Grants) are reported: every principal not listed loses its privileges on the securable.",
  check(resources) {
    const findings: Finding[] = [];
    for (const grants of ofType(resources, TYPES.grants)) {
      const securable = textAt(grants.inputs, "model") ?? grants.name;
      const listed = listAt(grants.inputs, "grants")
        .map((g) => textAt(g, "principal"))
        .filter((p): p is string => p !== undefined);
      findings.push(
        findingOn(
          grants,
          `grants on ${securable} are authoritative: every principal other than ${listed.join(", ") || "(none)"} loses its privileges on it`,
        ),
      );
    }
    return findings;
  },
};
