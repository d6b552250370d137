import { invalidParameter } from "./errors";
import { checkQuartzCron, checkTimezone, Fields, type JsonObject } from "./fields";

/** Checking an AlertV2 body (docs/databricks-api.md, SQL alerts). */

export const aggregations = [
  "SUM",
  "COUNT",
  "COUNT_DISTINCT",
  "AVG",
  "MEDIAN",
  "MIN",
  "MAX",
  "STDDEV",
] as const;

export const comparisonOperators = [
  "GREATER_THAN",
  "GREATER_THAN_OR_EQUAL",
  "LESS_THAN",
  "LESS_THAN_OR_EQUAL",
  "EQUAL",
  "NOT_EQUAL",
  "IS_NULL",
  "IS_NOT_NULL",
] as const;

export const emptyResultStates = ["OK", "TRIGGERED", "ERROR", "UNKNOWN"] as const;

export const pauseStatuses = ["PAUSED", "UNPAUSED"] as const;

/** Fields a client may set; everything else in a body (id, lifecycle_state...) is output-only. */
export const writableAlertFields = [
  "display_name",
  "query_text",
  "warehouse_id",
  "evaluation",
  "schedule",
  "custom_summary",
  "custom_description",
  "parent_path",
  "parameters",
  "run_as",
  "run_as_user_name",
] as const;

/**
 * Checks a complete alert (after a create, or after a PATCH has been applied) and returns the
 * stored copy: writable fields only, with `schedule.pause_status` defaulted to UNPAUSED
 * (ASSUMPTION) and output-only evaluation fields dropped.
 * `destinationExists` checks `subscriptions[].destination_id` (ASSUMPTION: the service refuses
 * unknown destinations; the reference does not say).
 */
export function readAlert(body: Fields, destinationExists: (id: string) => boolean): JsonObject {
  body.requiredString("display_name");
  body.requiredString("query_text");
  body.requiredString("warehouse_id");
  readEvaluation(body.requiredObject("evaluation"), destinationExists);
  const schedule = body.requiredObject("schedule");
  checkQuartzCron(schedule, "quartz_cron_schedule");
  checkTimezone(schedule, "timezone_id");
  schedule.enumValue("pause_status", pauseStatuses);
  body.string("custom_summary");
  body.string("custom_description");
  body.string("parent_path");
  body.string("run_as_user_name");
  for (const parameter of body.objects("parameters") ?? []) {
    parameter.requiredString("name");
    parameter.string("type");
    parameter.string("value");
  }
  const runAs = body.object("run_as");
  runAs?.exactlyOne(["user_name", "service_principal_name"]);

  const stored: JsonObject = {};
  for (const key of writableAlertFields) {
    if (body.has(key)) stored[key] = structuredClone(body.raw[key]);
  }
  const evaluation = stored.evaluation as JsonObject;
  delete evaluation.state;
  delete evaluation.last_evaluated_at;
  delete (stored.schedule as JsonObject).effective_pause_status;
  (stored.schedule as JsonObject).pause_status ??= "UNPAUSED";
  return stored;
}

function readEvaluation(evaluation: Fields, destinationExists: (id: string) => boolean): void {
  const source = evaluation.requiredObject("source");
  source.requiredString("name");
  source.enumValue("aggregation", aggregations);
  source.string("display");
  const operator = evaluation.requiredEnum("comparison_operator", comparisonOperators);
  const threshold = evaluation.object("threshold");
  if (threshold === undefined && operator !== "IS_NULL" && operator !== "IS_NOT_NULL") {
    // ASSUMPTION: every operator but IS_NULL / IS_NOT_NULL needs something to compare with.
    throw invalidParameter(
      `Missing required field: ${evaluation.path("threshold")} (for ${operator})`,
    );
  }
  if (threshold !== undefined) {
    const kind = threshold.exactlyOne(["value", "column"]);
    if (kind === "value") {
      const value = threshold.requiredObject("value");
      const valueKind = value.exactlyOne(["double_value", "string_value", "bool_value"]);
      if (valueKind === "double_value") value.number("double_value");
      if (valueKind === "string_value") value.string("string_value");
      if (valueKind === "bool_value") value.boolean("bool_value");
    } else {
      const column = threshold.requiredObject("column");
      column.requiredString("name");
      column.enumValue("aggregation", aggregations);
    }
  }
  evaluation.enumValue("empty_result_state", emptyResultStates);
  const notification = evaluation.object("notification");
  notification?.boolean("notify_on_ok");
  notification?.integer("retrigger_seconds", { min: 0 });
  for (const subscription of notification?.objects("subscriptions") ?? []) {
    const kind = subscription.exactlyOne(["user_email", "destination_id"]);
    const value = subscription.requiredString(kind);
    if (kind === "destination_id" && !destinationExists(value)) {
      throw invalidParameter(`Notification destination '${value}' does not exist`);
    }
  }
}

/**
 * Applies `update_mask` paths from `patch` onto a copy of `current`: only masked fields change; a
 * masked field absent from the patch is cleared; `*` replaces every writable field.
 * ASSUMPTION: nested paths ("evaluation.threshold") are supported like top-level ones.
 */
export function applyUpdateMask(current: JsonObject, patch: JsonObject, mask: string): JsonObject {
  const paths = mask
    .split(",")
    .map((path) => path.trim())
    .filter((path) => path !== "");
  if (paths.length === 0) throw invalidParameter("update_mask must name at least one field");
  const result = structuredClone(current);
  const expanded = paths.includes("*") ? [...writableAlertFields] : paths;
  for (const path of expanded) {
    const [top] = path.split(".");
    if (!(writableAlertFields as readonly string[]).includes(top ?? "")) {
      throw invalidParameter(`Field '${path}' in update_mask cannot be updated`);
    }
    setPath(result, path.split("."), getPath(patch, path.split(".")));
  }
  return result;
}

function getPath(source: unknown, keys: string[]): unknown {
  let value = source;
  for (const key of keys) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    value = (value as JsonObject)[key];
  }
  return value;
}

function setPath(target: JsonObject, keys: string[], value: unknown): void {
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== "object" || next === null || Array.isArray(next)) {
      if (value === undefined) return;
      node[key] = {};
    }
    node = node[key] as JsonObject;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = structuredClone(value);
}
