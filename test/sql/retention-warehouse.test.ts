// The warehouse module first: it makes the driver loadable under Jest.
import { startLocalWarehouse, type LocalWarehouse } from "../support/warehouse";
import { openDriverSession, type DriverSession } from "../support/warehouse/driver-session";
import { PAYLOAD_COLUMNS } from "../../core/columns";
import { formatTableName } from "../../core/names";
import type { TableName } from "../../core/types";
import { deleteExpiredRowsSql } from "../../sql/retention";

/**
 * The retention job's DELETE, sent through the real driver to the local warehouse (DuckDB
 * behind Thrift): rows older than the limit go, newer ones and rows without a request time
 * stay, and another model's table is untouched. REORG and VACUUM are Delta maintenance the
 * stand-in has no files for: the grammar test parses them.
 */

const CHURN: TableName = { catalog: "ml_dev", schema: "inference", table: "churn_payload" };
const PRICE: TableName = { catalog: "ml_dev", schema: "inference", table: "price_payload" };
const DAY = 86_400_000;

let warehouse: LocalWarehouse;
let driver: DriverSession;

/** A row `ageDays` days before now (a little more, so a boundary never flips during the run). */
function row(id: string, ageDays: number | null) {
  return {
    databricks_request_id: id,
    request_time: ageDays === null ? null : new Date(Date.now() - ageDays * DAY).toISOString(),
    request: "{}",
  };
}

async function ids(table: TableName): Promise<string[]> {
  const rows = await warehouse.query(
    `SELECT databricks_request_id AS id FROM ${formatTableName(table)} ORDER BY id`,
  );
  return rows.map((r) => String(r.id));
}

beforeEach(async () => {
  warehouse = await startLocalWarehouse({ catalogs: ["ml_dev"] });
  for (const table of [CHURN, PRICE])
    await warehouse.seed.createTable({
      table: formatTableName(table),
      columns: PAYLOAD_COLUMNS.map(({ name, type }) => ({ name, type })),
    });
  const rows = [
    row("a-1d", 1),
    row("b-29d", 29.9),
    row("c-31d", 30.1),
    row("d-400d", 400),
    row("e-null", null),
  ];
  await warehouse.seed.insertRows(formatTableName(CHURN), rows);
  await warehouse.seed.insertRows(formatTableName(PRICE), rows);
  driver = await openDriverSession(warehouse);
});

afterEach(async () => {
  await driver.close();
  await warehouse.close();
});

it("deletes the rows older than the limit and keeps the others and other models' tables", async () => {
  await driver.run(deleteExpiredRowsSql({ table: CHURN, days: 30 }));
  expect(await ids(CHURN)).toEqual(["a-1d", "b-29d", "e-null"]);
  expect(await ids(PRICE)).toEqual(["a-1d", "b-29d", "c-31d", "d-400d", "e-null"]);
});

it("is idempotent: a repeated run deletes nothing more", async () => {
  await driver.run(deleteExpiredRowsSql({ table: CHURN, days: 30 }));
  await driver.run(deleteExpiredRowsSql({ table: CHURN, days: 30 }));
  expect(await ids(CHURN)).toEqual(["a-1d", "b-29d", "e-null"]);
});

it("a shortened limit deletes at once everything older than it", async () => {
  await driver.run(deleteExpiredRowsSql({ table: CHURN, days: 365 }));
  expect(await ids(CHURN)).toEqual(["a-1d", "b-29d", "c-31d", "e-null"]);
  await driver.run(deleteExpiredRowsSql({ table: CHURN, days: 1 }));
  expect(await ids(CHURN)).toEqual(["e-null"]);
});

it("refuses a limit that is not a whole number of days in range, before any SQL", () => {
  expect(() => deleteExpiredRowsSql({ table: CHURN, days: 0 })).toThrow(/from 1 to 3650/);
  expect(() => deleteExpiredRowsSql({ table: CHURN, days: 1.5 })).toThrow(/whole number/);
});
