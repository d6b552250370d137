import { z } from "zod";
import { MONITOR_PROBLEM_TYPES, PROBLEM_TYPES } from "../../core/enums";
import {
  alertingSettings,
  dataQualitySettings,
  inferenceSettings,
  monitorSettings,
  servingSettings,
  thresholdDefaults,
} from "./settings";

/** A template: config/templates/<kind>.yaml, the defaults a model starts from. */
export const templateFile = z
  .object({
    problemType: z.enum(PROBLEM_TYPES),
    monitorProblemType: z
      .enum(MONITOR_PROBLEM_TYPES)
      .describe("What Databricks monitors support; forecasting maps onto regression"),
    description: z.string(),
    note: z.string().optional().describe("Shown in the plan, e.g. how a problem type is mapped"),
    serving: servingSettings.optional(),
    inference: inferenceSettings.optional(),
    monitor: monitorSettings.optional(),
    thresholdDefaults: thresholdDefaults.optional(),
    dataQuality: dataQualitySettings.optional(),
    alerting: alertingSettings.optional(),
  })
  .strict();

export type TemplateFile = z.infer<typeof templateFile>;
