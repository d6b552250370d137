import { type PolicySettings, type RuleId, POLICY_SETTINGS } from "./config";
import { POLICY_RULES } from "./registry";
import type { PolicyContext, PolicyRule } from "./rule";
import type { PolicySubject } from "./subject";
import type { ONE_STACK_PER_MODEL } from "./one-stack-per-model";

/** Runs the guardrails over one stack's resources, for the offline plan. */

export interface PolicyViolation {
  /** A per-stack rule, or the cross-stack one the plan adds (one-stack-per-model.ts). */
  rule: RuleId | typeof ONE_STACK_PER_MODEL;
  enforcement: "advisory" | "mandatory";
  urn?: string;
  resource?: string;
  message: string;
}

export interface PolicyReport {
  /** Rules that ran (disabled ones are left out). */
  rules: { id: RuleId; enforcement: "advisory" | "mandatory" }[];
  violations: PolicyViolation[];
  mandatory: number;
  advisory: number;
}

export interface StackIdentity {
  stack: string;
  environment: string;
}

export function evaluatePolicies(
  resources: readonly PolicySubject[],
  identity: StackIdentity,
  settings: PolicySettings = POLICY_SETTINGS,
  rules: readonly PolicyRule[] = POLICY_RULES,
): PolicyReport {
  const context: PolicyContext = { ...identity, settings, seesRetainOnDelete: true };
  const report: PolicyReport = { rules: [], violations: [], mandatory: 0, advisory: 0 };
  for (const rule of rules) {
    const enforcement = settings.enforcement[rule.id];
    if (enforcement === "disabled") continue;
    report.rules.push({ id: rule.id, enforcement });
    // Sorted so that a plan posted twice reads the same.
    const findings = rule
      .check(resources, context)
      .sort((a, b) => (a.resource ?? "").localeCompare(b.resource ?? ""));
    for (const finding of findings) {
      report.violations.push({ rule: rule.id, enforcement, ...finding });
      report[enforcement] += 1;
    }
  }
  return report;
}
