import { z } from "zod";
import { ENVIRONMENTS } from "../../core/enums";
import { email, identifier, modelName, quartzCron, timezone } from "./primitives";
import { governanceSettings } from "./governance";
import { modelOverridable, shardLabel } from "./model";
import { retentionLimits, stackRetention } from "./retention";
import {
  alertingSettings,
  dataQualitySettings,
  inferenceSettings,
  monitorSettings,
  servingSettings,
} from "./settings";

/**
 * The project's keys in Pulumi.<stack>.yaml (namespace `model-monitoring:`), after Pulumi
 * has read them. Scalar keys are also declared with types in Pulumi.yaml.
 */

/** The prefix of the project's keys in a stack file: Pulumi's config namespace, the project name. */
export const STACK_NAMESPACE = "model-monitoring:";

export const modelOverride = z
  .object({
    enabled: z.boolean().optional().describe("Set false to leave this model out of the stack"),
    ...modelOverridable,
    retention: retentionLimits
      .optional()
      .describe("This model's retention limits; each value overrides the stack's retention"),
  })
  .strict();

/** Which models a stack holds (a shard of its environment); absent: every model. */
export const modelSelection = z
  .object({
    models: z
      .array(z.string().regex(/^[a-z0-9*-]+$/, "must be a model name or a glob with *"))
      .min(1)
      .optional()
      .describe("Model names or globs (fraud-*); a model matching any of them"),
    groups: z.array(shardLabel).min(1).optional().describe("A model whose group is one of these"),
    teams: z.array(shardLabel).min(1).optional().describe("A model whose team is one of these"),
  })
  .strict()
  .refine((s) => s.models || s.groups || s.teams, "set at least one of models, groups, teams")
  .describe("Every criterion given must match (models AND groups AND teams)");

export const stackSettings = z
  .object({
    select: modelSelection.optional(),
    environment: z.enum(ENVIRONMENTS).describe("Environment tier; decides protection and defaults"),
    catalog: identifier.describe("Catalog for inference, processed and monitoring tables"),
    inferenceSchema: identifier.describe("Schema for the payload and processed tables"),
    monitoringSchema: identifier.describe("Schema for monitor outputs and the thresholds table"),
    warehouseId: z
      .string()
      .regex(/^[0-9a-f]{16}$/, "must be a SQL warehouse id: 16 lowercase hex characters")
      .describe("SQL warehouse for monitors, alerts and the processing job"),
    assetsRoot: z
      .string()
      .regex(
        /^\/(Workspace|Users|Shared)\/[^\s]+$/,
        "must be a workspace path such as /Workspace/Shared/monitoring",
      )
      .optional()
      .describe(
        "Workspace folder for monitor dashboards; default /Workspace/Shared/model-monitoring/<stack>",
      ),
    caCertPath: z
      .string()
      .min(1)
      .optional()
      .describe(
        "PEM file of a private CA that signed the workspace's TLS certificate; read by the dynamic providers and day-2 commands",
      ),
    caCert: z
      .string()
      .regex(/-----BEGIN CERTIFICATE-----/, "must be a PEM certificate (a BEGIN CERTIFICATE block)")
      .optional()
      .describe(
        "The same CA certificate inline, as PEM text; wins over caCertPath when both are set",
      ),
    protectData: z
      .boolean()
      .optional()
      .describe("protect + retainOnDelete on data tables (default: prod)"),
    tags: z
      .record(z.string().min(1), z.string())
      .optional()
      .describe("Tags added to every endpoint"),
    serving: servingSettings.optional(),
    inference: inferenceSettings.optional(),
    monitor: monitorSettings.optional(),
    dataQuality: dataQualitySettings.optional(),
    alerting: alertingSettings.optional(),
    governance: governanceSettings
      .optional()
      .describe("Registered model and experiment governance for every model of the stack"),
    schedules: z
      .object({
        timezone: timezone.optional(),
        paused: z.boolean().optional().describe("Create every schedule paused"),
        monitor: quartzCron.optional().describe("Monitor refresh schedule"),
        processing: quartzCron.optional().describe("Processed-table refresh schedule"),
        alerts: quartzCron.optional().describe("Alert evaluation schedule"),
      })
      .strict()
      .optional(),
    failureEmails: z.array(email).max(5, "at most 5 failure-notification emails").optional(),
    retention: stackRetention
      .optional()
      .describe(
        "Days of inference rows to keep (default: keep all) and the job that deletes older ones",
      ),
    models: z
      .record(modelName, modelOverride)
      .optional()
      .describe("Per-model overrides keyed by model name"),
  })
  .strict();

export type StackSettings = z.infer<typeof stackSettings>;
export type ModelOverride = z.infer<typeof modelOverride>;
