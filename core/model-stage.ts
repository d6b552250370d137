/**
 * Where one model's monitoring stands on a fresh stack. The chain only fills up with traffic:
 * the payload table (UNCONFIRMED: maybe only with the first logged request), processed rows,
 * then the monitor's metric tables and windows (UNCONFIRMED: maybe only with the first
 * successful refresh of a table that has rows). Until then nothing is wrong, there is just no
 * data yet; every part of the project names that state with these words.
 *
 * Arrays and plain objects only: this module is loaded by the dynamic providers.
 */
export const MODEL_STAGES = [
  "waiting for first request",
  "waiting for first window",
  "monitoring",
] as const;
export type ModelStage = (typeof MODEL_STAGES)[number];

export const WAITING_FOR_FIRST_REQUEST: ModelStage = "waiting for first request";
export const WAITING_FOR_FIRST_WINDOW: ModelStage = "waiting for first window";
export const MONITORING: ModelStage = "monitoring";

/**
 * The stage as far as Unity Catalog's tables tell (what the readiness resources can see
 * without reading rows): no payload table, no metric tables, or both there. The alerts and the
 * day-2 commands read rows and so also tell "tables there, but empty".
 */
export function stageFromTables(tables: {
  payloadTableExists: boolean;
  metricTablesExist: boolean;
}): ModelStage {
  if (!tables.payloadTableExists) return WAITING_FOR_FIRST_REQUEST;
  if (!tables.metricTablesExist) return WAITING_FOR_FIRST_WINDOW;
  return MONITORING;
}
