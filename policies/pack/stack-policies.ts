import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { type PolicySettings, type RuleId, POLICY_SETTINGS } from "../config";
import { POLICY_RULES } from "../registry";
import type { PolicyContext, PolicyRule } from "../rule";
import { policySubjectOf, stackOfUrn } from "./policy-subject";

/**
 * The rules as Pulumi stack-validation policies, for `pulumi preview --policy-pack`. Kept
 * apart from the pack entry (index.ts), which starts the analyzer server when loaded.
 */

/** Settings the pack's configuration may override per policy (`--policy-pack-config`). */
interface TunableSetting {
  schema: PolicyConfigSchema;
  apply(settings: PolicySettings, config: Record<string, unknown>): PolicySettings;
}

const TUNABLE: Partial<Record<RuleId, TunableSetting>> = {
  "prod-min-concurrency": {
    schema: {
      properties: {
        minConcurrency: {
          type: "integer",
          minimum: 0,
          default: POLICY_SETTINGS.prodMinConcurrency,
        },
      },
    },
    apply: (settings, config) =>
      typeof config.minConcurrency === "number"
        ? { ...settings, prodMinConcurrency: config.minConcurrency }
        : settings,
  },
};

export function stackValidationPolicy(
  rule: PolicyRule,
  settings: PolicySettings,
): StackValidationPolicy {
  const tunable = TUNABLE[rule.id];
  const policy: StackValidationPolicy = {
    name: rule.id,
    description: rule.description,
    enforcementLevel: settings.enforcement[rule.id],
    validateStack: (args, reportViolation) => {
      const first = args.resources[0];
      if (!first) return;
      const stack = stackOfUrn(first.urn);
      const context: PolicyContext = {
        stack,
        environment: settings.stackEnvironments[stack] ?? stack,
        settings: tunable
          ? tunable.apply(settings, args.getConfig<Record<string, unknown>>())
          : settings,
        seesRetainOnDelete: false,
      };
      for (const finding of rule.check(args.resources.map(policySubjectOf), context)) {
        reportViolation(finding.message, finding.urn);
      }
    },
  };
  if (tunable) policy.configSchema = tunable.schema;
  return policy;
}

export function stackValidationPolicies(
  settings: PolicySettings = POLICY_SETTINGS,
): StackValidationPolicy[] {
  return POLICY_RULES.map((rule) => stackValidationPolicy(rule, settings));
}
