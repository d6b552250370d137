import type { PolicyRule } from "./rule";
import { noDeprecatedResourceTypes, noDeprecatedServingInputs } from "./rules/deprecated-surfaces";
import {
  endpointAlert,
  endpointInferenceTable,
  endpointMonitor,
} from "./rules/monitoring-coverage";
import {
  prodDataProtected,
  prodMinConcurrency,
  prodNoScaleToZero,
  prodSchedulesActive,
} from "./rules/prod-guardrails";
import { validSchedules } from "./rules/schedules";
import { authoritativeGrants } from "./rules/governance";

/** Every guardrail, in the order the plan prints them. */
export const POLICY_RULES: readonly PolicyRule[] = [
  endpointInferenceTable,
  endpointMonitor,
  endpointAlert,
  prodNoScaleToZero,
  prodMinConcurrency,
  prodDataProtected,
  prodSchedulesActive,
  validSchedules,
  noDeprecatedResourceTypes,
  noDeprecatedServingInputs,
  authoritativeGrants,
];
