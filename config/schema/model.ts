import { z } from "zod";
import { COMMENT_BACKSLASH_RULE } from "../../core/columns";
import { columnType, endpointName, identifier, modelName, threeLevelName } from "./primitives";
import { aliasName, governanceSettings } from "./governance";
import {
  alertingSettings,
  dataQualitySettings,
  inferenceSettings,
  monitorSettings,
  servingSettings,
  threshold,
  thresholdDefaults,
} from "./settings";
import { PROBLEM_TYPES } from "../../core/enums";

/** One model file: models/<name>.yaml, shared by every stack. */

/**
 * Longest text sent as a comment or description: 65,536 characters, the cap this project
 * already puts on a registered model's comment (schema/governance.ts), which the description
 * defaults to; the same cap for column comments and the endpoint description. UNCONFIRMED: no
 * public source states the APIs' limits; a lower real limit makes `up` fail on that resource.
 */
export const MAX_COMMENT_LENGTH = 65_536;

export const column = z
  .object({
    name: identifier,
    type: columnType,
    categorical: z
      .boolean()
      .optional()
      .describe("Treat a numeric column as categorical (e.g. integer-coded classes)"),
    comment: z
      .string()
      .max(MAX_COMMENT_LENGTH)
      .regex(/^[^\\]*$/, COMMENT_BACKSLASH_RULE)
      .optional(),
  })
  .strict();

const versionOrAlias = {
  version: z
    .string()
    .regex(/^[1-9][0-9]*$/, 'must be a model version number such as "3"')
    .optional()
    .describe("Registered model version"),
  alias: aliasName
    .optional()
    .describe("Registered model alias, resolved at deploy time (e.g. champion)"),
};

export const servedEntity = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, "must be letters, digits, - or _")
      .describe("Served entity name, e.g. champion or challenger"),
    ...versionOrAlias,
    trafficPercentage: z.number().int().min(0).max(100),
  })
  .strict();

export const labelsTable = z
  .object({
    table: threeLevelName.describe("Table with ground-truth labels"),
    keyColumn: identifier.describe("Column of the labels table that matches the request id"),
    labelColumn: identifier.describe("Column of the labels table holding the label"),
    lookbackDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .describe("How long labels may arrive late"),
  })
  .strict();

/** Parts of a model a stack may override per model (see stack.ts). */
export const modelOverridable = {
  ...versionOrAlias,
  served: z
    .array(servedEntity)
    .min(1)
    .max(10)
    .optional()
    .describe("Served entities and their traffic"),
  serving: servingSettings.optional(),
  inference: inferenceSettings.optional(),
  monitor: monitorSettings.optional(),
  thresholds: z.array(threshold).optional(),
  thresholdDefaults: thresholdDefaults.optional(),
  dataQuality: dataQualitySettings.optional(),
  alerting: alertingSettings.optional(),
  governance: governanceSettings.optional().describe("Registered model and experiment governance"),
};

/** A group or team name a stack's `select` matches (lowercase, as model names). */
export const shardLabel = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be lowercase letters, digits, - or _");

export const modelFile = z
  .object({
    name: modelName.optional().describe("Logical model name; defaults to the file name"),
    template: z.enum(PROBLEM_TYPES).describe("Template the model follows"),
    description: z
      .string()
      .max(MAX_COMMENT_LENGTH)
      .optional()
      .describe("What the model does; the endpoint description and the registered model's comment"),
    group: shardLabel.optional().describe("Group the model belongs to; stacks select by it"),
    team: shardLabel.optional().describe("Team owning the model; stacks select by it"),
    registeredModel: threeLevelName.describe("Unity Catalog registered model catalog.schema.model"),
    endpointName: endpointName
      .optional()
      .describe("Serving endpoint name; defaults to <name>-<environment>"),
    features: z.array(column).min(1).describe("Model input columns and their types"),
    prediction: column.describe("The prediction column"),
    label: column.optional().describe("The ground-truth label column (needs labels)"),
    idColumn: identifier
      .optional()
      .describe("Request id used to join labels (default client_request_id)"),
    labels: labelsTable.optional(),
    ...modelOverridable,
  })
  .strict();

export type ModelFile = z.infer<typeof modelFile>;
