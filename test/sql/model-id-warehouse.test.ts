import { startLocalWarehouse, type LocalWarehouse } from "../support/warehouse";
import { formatTableName } from "../../core/names";
import { PAYLOAD_COLUMNS } from "../../core/columns";
import { createProcessedTableSql } from "../../sql/processed-table";
import { refreshCtes } from "../../sql/processed-table-refresh";
import { SERVED_ENTITIES_TABLE } from "../../sql/served-entities";
import type { ProcessedTableSpec } from "../../core/processed-table-spec";
import { priceRegressorSpec } from "./fixtures/specs";
import { quoteTableName } from "../../sql/quoting";
import type { ModelIdSource } from "../../core/enums";

/**
 * The model id part of the refresh MERGE, run on the local warehouse: its real CTEs up to
 * `model_requests` (the window, the payload rows, the served entity mapping and the wait for a
 * lagging system table), merged as the refresh merges (keyed on request id), repeatedly, while
 * the system table catches up. The JSON parsing after `model_requests` is Databricks-only
 * (from_json, LATERAL VIEW) and checked by the grammar and golden tests instead.
 */

const PROCESSED = "ml_dev.pricing.price_model_processed";
const T = (hhmm: string) => `2025-01-01T${hhmm}:00Z`;

let warehouse: LocalWarehouse;

function specWith(modelIdSource?: ModelIdSource): ProcessedTableSpec {
  const spec = priceRegressorSpec();
  spec.lateArrivalHours = 0; // the tightest window: anything skipped and not re-read is lost
  if (modelIdSource) spec.modelIdSource = modelIdSource;
  return spec;
}

/** One refresh run, reduced to the columns the model id decides. */
function modelIdRefreshSql(spec: ProcessedTableSpec): string {
  const ctes = refreshCtes(spec);
  const last = ctes.findIndex((cte) => cte.name === "model_requests");
  const key = ["databricks_request_id", "record_index", "request_date"];
  const columns = [...key, "request_time", "model_id", "served_entity_id"];
  const picked = (row: string) =>
    columns.map((c) => (c === "record_index" ? `0 AS \`${c}\`` : `${row}.\`${c}\``));
  return [
    `MERGE INTO ${quoteTableName(spec.processedTable)} AS tgt`,
    "USING (",
    "WITH",
    ctes
      .slice(0, last + 1)
      .map((cte) => cte.text)
      .join(",\n"),
    `SELECT ${picked("model_requests").join(", ")} FROM model_requests`,
    ") AS src",
    `ON ${key.map((c) => `tgt.\`${c}\` = src.\`${c}\``).join(" AND ")}`,
    `WHEN NOT MATCHED THEN INSERT (${columns.map((c) => `\`${c}\``).join(", ")})`,
    `VALUES (${columns.map((c) => `src.\`${c}\``).join(", ")})`,
  ].join("\n");
}

async function payload(rows: { id: string; at: string; entity: string; status?: number }[]) {
  await warehouse.seed.insertRows(
    formatTableName(priceRegressorSpec().payloadTable),
    rows.map((row) => ({
      databricks_request_id: row.id,
      request_date: row.at.slice(0, 10),
      request_time: row.at,
      status_code: row.status ?? 200,
      request: '{"dataframe_records": [{"rooms": 3}]}',
      response: '{"predictions": [1.5]}',
      served_entity_id: row.entity,
    })),
  );
}

async function listEntity(id: string, name: string, version: string, at: string) {
  await warehouse.seed.insertRows(formatTableName(SERVED_ENTITIES_TABLE), [
    { served_entity_id: id, entity_name: name, entity_version: version, change_time: at },
  ]);
}

async function processedRows(): Promise<Record<string, unknown>[]> {
  return warehouse.query(
    `SELECT databricks_request_id AS id, model_id FROM ${PROCESSED} ORDER BY request_time`,
  );
}

beforeEach(async () => {
  warehouse = await startLocalWarehouse({ catalogs: ["ml_dev", "system"] });
  await warehouse.seed.createTable({
    table: formatTableName(priceRegressorSpec().payloadTable),
    columns: PAYLOAD_COLUMNS.map(({ name, type }) => ({ name, type })),
  });
  await warehouse.query(createProcessedTableSql(specWith()));
});

afterEach(async () => {
  await warehouse.close();
});

describe("model id source served_entity_id (the default)", () => {
  it("needs no system table and gives each row its served entity id", async () => {
    await payload([
      { id: "r1", at: T("10:00"), entity: "ent-a" },
      { id: "r2", at: T("10:10"), entity: "ent-b" },
      { id: "r3", at: T("10:20"), entity: "ent-a", status: 503 },
    ]);
    const spec = specWith();
    await warehouse.query(modelIdRefreshSql(spec));
    await warehouse.query(modelIdRefreshSql(spec));
    expect(await processedRows()).toEqual([
      { id: "r1", model_id: "ent-a" },
      { id: "r2", model_id: "ent-b" },
    ]);
  });
});

describe("model id source system_table", () => {
  beforeEach(async () => {
    await warehouse.seed.createTable({
      table: formatTableName(SERVED_ENTITIES_TABLE),
      columns: [
        { name: "served_entity_id", type: "STRING" },
        { name: "entity_name", type: "STRING" },
        { name: "entity_version", type: "STRING" },
        { name: "change_time", type: "TIMESTAMP" },
      ],
    });
  });

  it("leaves requests of an entity the system table does not list yet, and later ones, for a later run; no version gets two model ids", async () => {
    const spec = specWith("system_table");
    await listEntity("ent-a", "main.ml.price", "3", T("09:00"));
    await payload([
      { id: "r1", at: T("10:00"), entity: "ent-a" },
      { id: "r2", at: T("10:10"), entity: "ent-a" },
      { id: "r3", at: T("10:20"), entity: "ent-b" }, // version 4, deployed at 10:15
      { id: "r4", at: T("10:30"), entity: "ent-a" },
    ]);

    await warehouse.query(modelIdRefreshSql(spec));
    await warehouse.query(modelIdRefreshSql(spec)); // the system table has not caught up yet
    expect(await processedRows()).toEqual([
      { id: "r1", model_id: "main.ml.price/3" },
      { id: "r2", model_id: "main.ml.price/3" },
    ]);

    await listEntity("ent-b", "main.ml.price", "4", T("10:15"));
    await payload([{ id: "r5", at: T("10:40"), entity: "ent-b" }]);
    await warehouse.query(modelIdRefreshSql(spec));
    expect(await processedRows()).toEqual([
      { id: "r1", model_id: "main.ml.price/3" },
      { id: "r2", model_id: "main.ml.price/3" },
      { id: "r3", model_id: "main.ml.price/4" },
      { id: "r4", model_id: "main.ml.price/3" },
      { id: "r5", model_id: "main.ml.price/4" },
    ]);
  });

  it("keeps the model id of an entity's first recorded row when later rows name another version", async () => {
    const spec = specWith("system_table");
    await listEntity("ent-a", "main.ml.price", "3", T("09:00"));
    await payload([{ id: "r1", at: T("10:00"), entity: "ent-a" }]);
    await warehouse.query(modelIdRefreshSql(spec));
    await listEntity("ent-a", "main.ml.price", "10", T("11:00"));
    await payload([{ id: "r2", at: T("11:30"), entity: "ent-a" }]);
    await warehouse.query(modelIdRefreshSql(spec));
    expect(await processedRows()).toEqual([
      { id: "r1", model_id: "main.ml.price/3" },
      { id: "r2", model_id: "main.ml.price/3" },
    ]);
  });

  it("fails, rather than writing anything, where the system table cannot be read", async () => {
    await warehouse.query(`DROP TABLE ${formatTableName(SERVED_ENTITIES_TABLE)}`);
    await payload([{ id: "r1", at: T("10:00"), entity: "ent-a" }]);
    await expect(warehouse.query(modelIdRefreshSql(specWith("system_table")))).rejects.toThrow(
      /TABLE_OR_VIEW_NOT_FOUND/,
    );
    expect(await processedRows()).toEqual([]);
  });
});
