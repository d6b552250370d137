// The warehouse module first: it makes the driver loadable under Jest.
import { startLocalWarehouse, type LocalWarehouse } from "../../support/warehouse";
import { openDriverSession, type DriverSession } from "../../support/warehouse/driver-session";
import { alertQueryTables, thresholdRowsOf } from "../../../core/alert-spec";
import type { ThresholdRow } from "../../../core/threshold-rows";
import { processedTableSpecOf } from "../../../core/processed-table-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { createProcessedTableSql } from "../../../sql/processed-table";
import { applyThresholdChangesSql, createThresholdsTableSql } from "../../../sql/thresholds-table";

/**
 * The local warehouse as a model's alert finds it after `pulumi up`: the stack's schemas, the
 * model's processed table and the thresholds table, with a driver session for the alert's
 * own statements.
 */
export interface AlertWarehouse {
  warehouse: LocalWarehouse;
  driver: DriverSession;
  /** Writes rows with the DriftThresholds provider's own MERGE (nothing to write: no statement). */
  writeThresholds(rows?: readonly ThresholdRow[], model?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startAlertWarehouse(spec: ModelSpec): Promise<AlertWarehouse> {
  const tables = alertQueryTables(spec);
  const warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"] });
  await warehouse.seed.createSchema("ml_dev.monitoring");
  await warehouse.seed.createSchema("ml_dev.inference");
  await warehouse.query(createProcessedTableSql(processedTableSpecOf(spec)));
  await warehouse.query(createThresholdsTableSql(tables.thresholdsTable));
  const driver = await openDriverSession(warehouse);
  return {
    warehouse,
    driver,
    async writeThresholds(rows = thresholdRowsOf(spec), model = spec.name) {
      if (rows.length === 0) return;
      const statement = applyThresholdChangesSql(tables.thresholdsTable, model, {
        upserts: [...rows],
        removals: [],
      });
      await driver.run(statement.sql, { namedParameters: statement.parameters as never });
    },
    async close() {
      await driver.close();
      await warehouse.close();
    },
  };
}
