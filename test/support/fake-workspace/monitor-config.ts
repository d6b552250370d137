import { invalidParameter } from "./errors";
import { checkQuartzCron, checkTimezone, Fields, type JsonObject } from "./fields";

/** Reading and checking `CreateMonitor` / `UpdateMonitor` bodies (docs/databricks-api.md, quality monitors, the API). */

export const analysisTypes = ["inference_log", "time_series", "snapshot"] as const;
export type AnalysisType = (typeof analysisTypes)[number];

export const problemTypes = ["PROBLEM_TYPE_CLASSIFICATION", "PROBLEM_TYPE_REGRESSION"] as const;

/** docs/databricks-api.md, quality monitors, granularities (legacy API strings). UNCONFIRMED that inference_log shares the set. */
export const granularities = [
  "5 minutes",
  "30 minutes",
  "1 hour",
  "1 day",
  "1 week",
  "2 weeks",
  "3 weeks",
  "4 weeks",
  "1 month",
  "1 year",
] as const;

export const customMetricTypes = [
  "CUSTOM_METRIC_TYPE_AGGREGATE",
  "CUSTOM_METRIC_TYPE_DERIVED",
  "CUSTOM_METRIC_TYPE_DRIFT",
] as const;

const maxFailureEmails = 5;

/** Fields the monitor stores and returns; create-only extras (warehouse_id...) are apart. */
export interface MonitorSpec {
  fields: JsonObject;
  analysis: AnalysisType;
}

export interface CreateOnlyOptions {
  warehouse_id?: string;
  skip_builtin_dashboard?: boolean;
}

/**
 * Reads a create (no `existing`) or an update (full PUT over `existing`) body. `tableColumns`
 * are the monitored table's column names when known: referenced columns must exist
 * (ASSUMPTION: the reference does not say when the service checks this).
 */
export function readMonitorSpec(
  body: Fields,
  tableColumns: readonly string[],
  existing?: MonitorSpec,
): MonitorSpec {
  const out: JsonObject = {};
  if (existing === undefined) {
    out.assets_dir = body.requiredString("assets_dir");
  } else {
    // Update ignores assets_dir (docs/databricks-api.md, quality monitors: ignored on update).
    out.assets_dir = existing.fields.assets_dir;
  }

  const outputSchema = body.requiredString("output_schema_name");
  if (outputSchema.split(".").length !== 2 || outputSchema.split(".").some((part) => part === "")) {
    throw invalidParameter(`Invalid output_schema_name '${outputSchema}': expected catalog.schema`);
  }
  if (
    existing !== undefined &&
    String(existing.fields.output_schema_name).toLowerCase() !== outputSchema.toLowerCase()
  ) {
    throw invalidParameter(
      "output_schema_name cannot be changed: output asset identifiers cannot be updated",
    );
  }
  out.output_schema_name = outputSchema;

  const analysis = readAnalysis(body, tableColumns, existing);
  out[analysis.type] = analysis.value;

  const baseline = body.string("baseline_table_name");
  if (baseline !== undefined) out.baseline_table_name = baseline;
  const slicing = body.strings("slicing_exprs");
  if (slicing !== undefined) out.slicing_exprs = [...slicing];
  const metrics = body.objects("custom_metrics");
  if (metrics !== undefined) out.custom_metrics = metrics.map(readCustomMetric);

  const schedule = body.object("schedule");
  if (schedule !== undefined) {
    // pause_status is read-only; ASSUMPTION: a client-sent value is ignored, UNPAUSED returned.
    out.schedule = {
      quartz_cron_expression: checkQuartzCron(schedule, "quartz_cron_expression"),
      timezone_id: checkTimezone(schedule, "timezone_id"),
      pause_status: "UNPAUSED",
    };
  }

  const notifications = body.object("notifications");
  if (notifications !== undefined) out.notifications = readNotifications(notifications);

  const classification = body.object("data_classification_config");
  if (classification !== undefined) {
    classification.boolean("enabled");
    out.data_classification_config = structuredClone(classification.raw);
  }
  return { fields: out, analysis: analysis.type };
}

export function readCreateOnlyOptions(body: Fields): CreateOnlyOptions {
  const warehouse = body.string("warehouse_id");
  const skip = body.boolean("skip_builtin_dashboard");
  return {
    ...(warehouse === undefined ? {} : { warehouse_id: warehouse }),
    ...(skip === undefined ? {} : { skip_builtin_dashboard: skip }),
  };
}

function readAnalysis(
  body: Fields,
  tableColumns: readonly string[],
  existing: MonitorSpec | undefined,
): { type: AnalysisType; value: JsonObject } {
  const present = analysisTypes.filter((type) => body.has(type));
  if (existing !== undefined && present.length === 0) {
    // ASSUMPTION: an update that names no analysis keeps the current one.
    return {
      type: existing.analysis,
      value: structuredClone(existing.fields[existing.analysis] as JsonObject),
    };
  }
  const type = body.exactlyOne(analysisTypes, "one analysis type of");
  if (existing !== undefined && type !== existing.analysis) {
    // ASSUMPTION (docs/databricks-api.md, quality monitors UNCONFIRMED): switching analysis type needs a new monitor.
    throw invalidParameter(
      `Cannot change the analysis type from ${existing.analysis} to ${type}; recreate the monitor`,
    );
  }
  const analysis = body.requiredObject(type);
  const checkColumn = (key: string, required: boolean): void => {
    const column = required ? analysis.requiredString(key) : analysis.string(key);
    if (column === undefined || tableColumns.length === 0) return;
    if (!tableColumns.some((name) => name.toLowerCase() === column.toLowerCase())) {
      throw invalidParameter(
        `Column '${column}' given as ${analysis.path(key)} is not in the monitored table`,
      );
    }
  };
  if (type !== "snapshot") {
    const values = analysis.strings("granularities");
    if (values === undefined || values.length === 0) {
      throw invalidParameter(`Missing required field: ${analysis.path("granularities")}`);
    }
    for (const value of values) {
      if (!(granularities as readonly string[]).includes(value)) {
        throw invalidParameter(
          `Invalid granularity '${value}' in ${analysis.path("granularities")}; expected one of: ${granularities.join(", ")}`,
        );
      }
    }
    checkColumn("timestamp_col", true);
  }
  if (type === "inference_log") {
    analysis.requiredEnum("problem_type", problemTypes);
    checkColumn("model_id_col", true);
    checkColumn("prediction_col", true);
    checkColumn("label_col", false);
    checkColumn("prediction_proba_col", false);
  }
  return { type, value: structuredClone(analysis.raw) };
}

function readCustomMetric(metric: Fields): JsonObject {
  metric.requiredEnum("type", customMetricTypes);
  metric.requiredString("name");
  const inputs = metric.strings("input_columns");
  if (inputs === undefined || inputs.length === 0) {
    throw invalidParameter(`Missing required field: ${metric.path("input_columns")}`);
  }
  metric.requiredString("definition");
  metric.requiredString("output_data_type");
  return structuredClone(metric.raw);
}

function readNotifications(notifications: Fields): JsonObject {
  const onFailure = notifications.object("on_failure")?.strings("email_addresses");
  if (onFailure !== undefined && onFailure.length > maxFailureEmails) {
    throw invalidParameter(
      `notifications.on_failure.email_addresses allows at most ${maxFailureEmails} addresses, got ${onFailure.length}`,
    );
  }
  notifications.object("on_new_classification_tag_detected")?.strings("email_addresses");
  return structuredClone(notifications.raw);
}
