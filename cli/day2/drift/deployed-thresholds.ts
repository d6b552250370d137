import { alertQueryTables } from "../../../core/alert-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { thresholdRowFromStored } from "../../../core/threshold-rows";
import { runBatched } from "../batched-statements";
import type { Day2Run } from "../command";
import { statementFailureMessage } from "../failures";
import type { Threshold } from "./drift-report";
import {
  deployedThresholdsStatement,
  type DeployedThresholdRow,
  type ThresholdsSource,
} from "./thresholds-sql";

/**
 * The rows the alerts compare with, from each thresholds table the models use (one batched
 * statement). A table that cannot be read is a problem pushed to `problems`, not a failure.
 * `checkTypes`: drift only unless the caller also wants the DATA_QUALITY rows.
 */
export async function deployedThresholds(
  run: Day2Run,
  models: readonly ModelSpec[],
  problems: string[],
  checkTypes?: readonly string[],
): Promise<Threshold[]> {
  const byTable = new Map<string, ThresholdsSource>();
  for (const spec of models) {
    const table = alertQueryTables(spec).thresholdsTable;
    const name = formatTableName(table);
    const source = byTable.get(name) ?? { table, models: [] };
    byTable.set(name, { table, models: [...source.models, spec.name] });
  }
  const sources = [...byTable.values()];
  const result = await runBatched<DeployedThresholdRow>(
    run.connection.sql(),
    sources.map((_, index) => index),
    (subset) => deployedThresholdsStatement(sources, subset, checkTypes),
    (index) => [(sources[index] as ThresholdsSource).table],
  );
  for (const [index, error] of result.failures) {
    const source = sources[index] as ThresholdsSource;
    problems.push(
      `thresholds table ${formatTableName(source.table)} could not be read: ${statementFailureMessage(error)}`,
    );
  }
  return result.rows.map((row) => ({ model: row.model, ...thresholdRowFromStored(row) }));
}
