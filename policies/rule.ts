import type { PolicySettings, RuleId } from "./config";
import type { PolicySubject } from "./subject";

/** Where a rule runs: which stack, which environment, with which settings. */
export interface PolicyContext {
  stack: string;
  environment: string;
  settings: PolicySettings;
  /**
   * The policy SDK does not report retainOnDelete (its PolicyResourceOptions has no such
   * field); the offline plan does. Rules check it only where it can be seen.
   */
  seesRetainOnDelete: boolean;
}

/** One problem a rule found, on one resource or (without urn) on the stack. */
export interface Finding {
  urn?: string;
  resource?: string;
  message: string;
}

/** A guardrail: a plain function over every resource of one stack. */
export interface PolicyRule {
  id: RuleId;
  description: string;
  check(resources: readonly PolicySubject[], context: PolicyContext): Finding[];
}

export function findingOn(resource: PolicySubject, message: string): Finding {
  return { urn: resource.urn, resource: resource.name, message };
}
