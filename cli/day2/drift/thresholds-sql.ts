import { constantStringLiteral } from "../../../sql/sql-text";
import { type StoredThresholdRow } from "../../../core/threshold-rows";
import type { TableName } from "../../../core/types";
import type { Statement } from "../batched-statements";
import { quoteIdentifier as q, quoteTableName } from "../../../sql/quoting";
import { DRIFT_TYPES } from "../../../core/enums";

/**
 * One statement reading the deployed drift thresholds of many models (the rows the alerts
 * compare with): one UNION ALL branch per thresholds table (one per stack, unless models use
 * other monitoring schemas), model names as named parameters. Idempotent (a SELECT): the SQL
 * runner may send it again after a lost answer.
 */

export interface ThresholdsSource {
  table: TableName;
  models: readonly string[];
}

export interface DeployedThresholdRow extends StoredThresholdRow {
  model: string;
}

const COLUMNS = [
  "model",
  "column_name",
  "statistic",
  "drift_type",
  "severity",
  "comparator",
  "value",
] as const;

export function deployedThresholdsStatement(
  sources: readonly ThresholdsSource[],
  indexes: readonly number[],
  /** Check types to read: drift only by default; backtest adds DATA_QUALITY. */
  checkTypes: readonly string[] = DRIFT_TYPES,
): Statement {
  const parameters: Record<string, unknown> = {};
  const branches = indexes.map((index) => {
    const source = sources[index];
    if (source === undefined) throw new Error(`no thresholds table ${index}`);
    const markers = source.models.map((model, m) => {
      const name = `model_${index}_${m}`;
      parameters[name] = model;
      return `:${name}`;
    });
    const t = (column: string) => `${q("t")}.${q(column)}`;
    return [
      `SELECT ${COLUMNS.map((c) => `${t(c)}`).join(", ")}`,
      `FROM ${quoteTableName(source.table)} AS ${q("t")}`,
      `WHERE ${t("model")} IN (${markers.join(", ")})`,
      `  AND ${t("drift_type")} IN (${checkTypes.map(constantStringLiteral).join(", ")})`,
    ].join("\n");
  });
  return { sql: branches.join("\nUNION ALL\n"), parameters };
}
