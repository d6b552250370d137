import { formatTableName } from "../core/names";
import { modelIdSourceOf } from "./model-id";
import { processedTableColumns, type ProcessedColumnRole } from "./processed-table-columns";
import { createProcessedTableSql } from "./processed-table-create";
import { refreshProcessedTableSql } from "./processed-table-refresh";
import type { ColumnType, ModelIdSource } from "../core/enums";
import type { ProcessedTableSpec } from "../core/processed-table-spec";

/** The processed (unpacked) inference table: columns, DDL, refresh MERGE and a summary. */
export { processedTableColumns, createProcessedTableSql, refreshProcessedTableSql };

export interface ProcessedTableSummary {
  payloadTable: string;
  processedTable: string;
  labelsTable: string | null;
  columnCount: number;
  columns: { name: string; type: ColumnType; role: ProcessedColumnRole }[];
  /** The column names a quality monitor (InferenceLog) on this table is configured with. */
  monitor: {
    timestampColumn: string;
    modelIdColumn: string;
    predictionColumn: string;
    labelColumn: string | null;
  };
  modelIdSource: ModelIdSource;
  lateArrivalHours: number;
  labelLookbackDays: number | null;
  statements: { create: string; refresh: string };
}

/** What the offline plan prints for one processed table. Throws on an invalid spec. */
export function describeProcessedTable(spec: ProcessedTableSpec): ProcessedTableSummary {
  const columns = processedTableColumns(spec);
  const label = columns.find((c) => c.role === "label");
  return {
    payloadTable: formatTableName(spec.payloadTable),
    processedTable: formatTableName(spec.processedTable),
    labelsTable: spec.labelsJoin ? formatTableName(spec.labelsJoin.table) : null,
    columnCount: columns.length,
    columns: columns.map(({ name, type, role }) => ({ name, type, role })),
    monitor: {
      timestampColumn: "request_time",
      modelIdColumn: "model_id",
      predictionColumn: spec.prediction.name,
      labelColumn: label ? label.name : null,
    },
    modelIdSource: modelIdSourceOf(spec),
    lateArrivalHours: spec.lateArrivalHours,
    labelLookbackDays: spec.labelsJoin ? spec.labelsJoin.lookbackDays : null,
    statements: {
      create: createProcessedTableSql(spec),
      refresh: refreshProcessedTableSql(spec),
    },
  };
}
