import type { TableName } from "../../core/types";
import { retentionScript, retentionStatements } from "../../sql/retention";

/**
 * The statements' text (the DELETE runs over the local warehouse in retention-warehouse.test.ts;
 * the Spark grammar of test/support rejects a three-part name after DELETE FROM, a gap of the
 * grammar rather than of Databricks, and has no REORG or VACUUM); the script per limits.
 */

const PROCESSED: TableName = { catalog: "ml", schema: "inference", table: "fraud_processed" };
const PAYLOAD: TableName = { catalog: "ml", schema: "inference", table: "fraud_payload" };

it("deletes by request_time, then purges and vacuums the quoted table", () => {
  expect(retentionStatements({ table: PROCESSED, days: 90 })).toEqual([
    "DELETE FROM `ml`.`inference`.`fraud_processed`\nWHERE `request_time` < current_timestamp() - make_dt_interval(90)",
    "REORG TABLE `ml`.`inference`.`fraud_processed` APPLY (PURGE)",
    "VACUUM `ml`.`inference`.`fraud_processed`",
  ]);
});

it("runs the processed table first and leaves out a table without a limit", () => {
  const both = retentionScript({
    processed: { table: PROCESSED, days: 90 },
    payload: { table: PAYLOAD, days: 30 },
  });
  expect(both.indexOf("fraud_processed")).toBeLessThan(both.indexOf("fraud_payload"));
  expect(both).toContain("make_dt_interval(30);");
  const processedOnly = retentionScript({ processed: { table: PROCESSED, days: 90 } });
  expect(processedOnly).not.toContain("fraud_payload");
  expect(processedOnly.match(/;$/gm)).toHaveLength(3);
});

it("refuses a name that is not an identifier before writing any SQL", () => {
  expect(() =>
    retentionStatements({ table: { ...PROCESSED, table: "x`; DROP TABLE y" }, days: 90 }),
  ).toThrow();
});
