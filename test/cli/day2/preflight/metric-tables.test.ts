import {
  driftMetricsColumns,
  profileMetricsColumns,
} from "../../../support/fake-workspace/table-schemas";
import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";
import { alertQueryTables } from "../../../../core/alert-spec";
import {
  DRIFT_COLUMNS_READ,
  PROFILE_COLUMNS_READ,
  statisticColumns,
} from "../../../../cli/day2/preflight/metric-columns";
import { driftStatisticsStatement } from "../../../../cli/day2/drift/drift-statistics-sql";
import { alertQuerySql } from "../../../../sql/alert-queries";
import { formatTableName } from "../../../../core/names";
import { processedTableColumns } from "../../../../sql/processed-table";
import { processedTableSpecOf } from "../../../../core/processed-table-spec";
import {
  collectColumnUsage,
  unknownColumnReferences,
} from "../../../support/spark-sql/spark-column-usage";
import { THRESHOLDS_TABLE_COLUMN_NAMES } from "../../../../sql/thresholds-table";
import type { ModelSpec } from "../../../../config/model-spec";

/** metric-tables: an existing monitor's tables hold what the alert query and analyze-drift read. */

const DRIFT = "ml_dev.monitoring.fraud_processed_drift_metrics";
const PROFILE = "ml_dev.monitoring.fraud_processed_profile_metrics";
const MODEL_ID = [{ name: "model_id", type: "string" }];

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fraud: fraudModel({
      thresholds: [
        {
          column: "amount",
          statistic: "population_stability_index",
          value: 0.2,
          severity: "warning",
        },
      ],
    }),
  });
});
afterAll(() => w.close());

const lines = async () => {
  const { output } = await w.preflight();
  return {
    drift: lineOf(output, "metric-tables", { subject: DRIFT }),
    profile: lineOf(output, "metric-tables", { subject: PROFILE }),
  };
};

describe("preflight metric-tables", () => {
  it("skips tables the monitor has not written yet", async () => {
    expect((await lines()).drift).toMatchObject({
      status: "skipped",
      detail: "not written yet: the monitor's first refresh writes it",
    });
  });

  it("passes tables as an InferenceLog monitor writes them", async () => {
    w.workspace.state.tables.seed({
      full_name: DRIFT,
      columns: [...driftMetricsColumns, ...MODEL_ID],
    });
    w.workspace.state.tables.seed({
      full_name: PROFILE,
      columns: [...profileMetricsColumns, ...MODEL_ID],
    });
    const { drift, profile } = await lines();
    expect(drift.status).toBe("pass");
    expect(profile.status).toBe("pass");
  });

  it("fails a table without a thresholded statistic or the model id column, naming them", async () => {
    w.workspace.state.tables.seed({
      full_name: DRIFT,
      columns: driftMetricsColumns.filter((c) => c.name !== "population_stability_index"),
    });
    const { drift } = await lines();
    expect(drift).toMatchObject({
      status: "fail",
      detail:
        "lacks model_id, population_stability_index: read by the alert query and analyze-drift",
    });
  });
});

describe("the metric columns preflight checks", () => {
  const spec = (): ModelSpec => w.spec("fraud");
  const known = (s: ModelSpec) => {
    const tables = alertQueryTables(s);
    const names = (list: ReadonlyArray<{ name: string }>) => list.map((c) => c.name);
    return {
      tables: {
        [formatTableName(tables.thresholdsTable)]: THRESHOLDS_TABLE_COLUMN_NAMES,
        [formatTableName(tables.driftMetricsTable)]: names([
          ...DRIFT_COLUMNS_READ,
          ...statisticColumns(s),
        ]),
        [formatTableName(tables.profileMetricsTable)]: names(PROFILE_COLUMNS_READ),
        [formatTableName(tables.processedTable)]: names(
          processedTableColumns(processedTableSpecOf(s)),
        ),
      },
    };
  };

  it("are every metric column the alert query references", () => {
    const usage = collectColumnUsage(alertQuerySql(alertQueryTables(spec())));
    expect(unknownColumnReferences(usage, known(spec()))).toEqual([]);
  });

  it("are every metric column analyze-drift reads for the model's thresholds", () => {
    const s = spec();
    const statistics = [...new Set(s.thresholds.map((t) => t.statistic))];
    const statement = driftStatisticsStatement([alertQueryTables(s).driftMetricsTable], [0], {
      statistics,
    });
    expect(unknownColumnReferences(collectColumnUsage(statement.sql), known(s))).toEqual([]);
  });
});
