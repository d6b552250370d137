import { formatTableName } from "../../core/names";
import { PAYLOAD_COLUMN_NAMES } from "../../core/columns";
import { processedTableColumns } from "../../sql/processed-table";
import { SERVED_ENTITIES_COLUMNS, SERVED_ENTITIES_TABLE } from "../../sql/served-entities";
import {
  collectColumnUsage,
  unknownColumnReferences,
  type KnownColumns,
} from "../support/spark-sql/spark-column-usage";
import { parseDatabricksSql, parseSparkSql } from "../support/spark-sql/spark-parse";
import type { ProcessedTableSpec } from "../../core/processed-table-spec";
import { GOLDEN_STATEMENTS } from "./fixtures/golden-statements";

/** The tables a spec's statements may touch, with their columns. */
function knownColumns(spec: ProcessedTableSpec): KnownColumns {
  const processed = processedTableColumns(spec).map((c) => c.name);
  const tables: Record<string, readonly string[]> = {
    [formatTableName(spec.payloadTable)]: PAYLOAD_COLUMN_NAMES,
    [formatTableName(spec.processedTable)]: processed,
    [formatTableName(SERVED_ENTITIES_TABLE)]: SERVED_ENTITIES_COLUMNS,
  };
  if (spec.labelsJoin) {
    tables[formatTableName(spec.labelsJoin.table)] = [
      spec.labelsJoin.keyColumn,
      spec.labelsJoin.labelColumn,
    ];
  }
  // `src` is the MERGE source subquery: it must produce exactly the processed columns.
  return { tables, aliases: { src: processed } };
}

const EXPECTED_ADAPTATIONS = {
  create: [/after CREATE TABLE IF NOT EXISTS as/, /CLUSTER BY \(…\) as PARTITIONED BY \(…\)/],
  refresh: [/after MERGE INTO as/],
  check: [],
};

describe.each(GOLDEN_STATEMENTS.map((s) => [s.file, s] as const))("%s", (_file, statement) => {
  const spec = statement.spec();
  const sql = statement.sql();
  const processed = processedTableColumns(spec).map((c) => c.name);

  it("parses as one statement, rewriting only the known grammar gaps", () => {
    const result = parseDatabricksSql(sql);
    expect(result.errors).toEqual([]);
    expect(result.statementCount).toBe(1);
    const expected = EXPECTED_ADAPTATIONS[statement.kind];
    expect(result.adaptations).toHaveLength(expected.length);
    result.adaptations.forEach((text, index) => expect(text).toMatch(expected[index] as RegExp));
  });

  it("references only columns that exist", () => {
    const usage = collectColumnUsage(sql);
    expect(unknownColumnReferences(usage, knownColumns(spec))).toEqual([]);
  });

  if (statement.kind === "create") {
    it("defines exactly the processed columns and clusters by request_date", () => {
      const usage = collectColumnUsage(sql);
      expect(usage.createColumns).toEqual(processed);
      expect(usage.partitionColumns).toEqual(["request_date"]);
    });
  }

  if (statement.kind === "refresh") {
    it("inserts exactly the processed columns, each from the same source column", () => {
      const usage = collectColumnUsage(sql);
      expect(usage.insertColumns).toEqual(processed);
      expect(usage.insertValues).toEqual(processed.map((name) => `src.\`${name}\``));
    });

    it("resolves the references it checks (the check is not vacuous)", () => {
      const usage = collectColumnUsage(sql);
      const qualifiers = new Set(usage.columnReferences.map((parts) => parts[0]));
      for (const q of [
        "payload",
        "existing",
        "tgt",
        "src",
        "payload_rows",
        "request_records",
        "exploded",
      ]) {
        expect(qualifiers).toContain(q);
      }
      expect(Object.keys(usage.derivedColumns)).toEqual(
        expect.arrayContaining(["refresh_window", "payload_rows", "request_records", "exploded"]),
      );
      expect(usage.tables.map((t) => t.name)).toEqual(
        expect.arrayContaining([
          formatTableName(spec.payloadTable),
          formatTableName(spec.processedTable),
        ]),
      );
    });

    it("is caught by the column check when a reference is misspelt", () => {
      const known = knownColumns(spec);
      const broken = [
        sql.replace("payload.`status_code`", "payload.`status`"),
        sql.replace("src.`record_index`", "src.`record_idx`"),
        sql.replace("payload_rows.copy_number", "payload_rows.copy_num"),
        sql.replace(`AS ${"`"}record_index${"`"}`, `AS ${"`"}record_idx${"`"}`),
      ];
      for (const text of broken) {
        expect(text).not.toBe(sql);
        expect(unknownColumnReferences(collectColumnUsage(text), known)).not.toEqual([]);
      }
    });
  }
});

describe("the column check", () => {
  it("reports an unknown table", () => {
    const usage = collectColumnUsage("SELECT t.a FROM `x`.`y`.`z` AS t");
    expect(unknownColumnReferences(usage, { tables: {} })).toEqual(["unknown table x.y.z"]);
  });

  it("reports an alias bound to two tables", () => {
    const usage = collectColumnUsage(
      "SELECT t.a FROM a.b.c AS t UNION ALL SELECT t.a FROM a.b.d AS t",
    );
    const problems = unknownColumnReferences(usage, { tables: { "a.b.c": ["a"], "a.b.d": ["a"] } });
    expect(problems).toEqual(["alias t names both a.b.c and a.b.d"]);
  });
});

describe("raw Spark grammar on generated DDL and MERGE", () => {
  it("fails without the rewrites, so they are really needed", () => {
    for (const statement of GOLDEN_STATEMENTS.filter((s) => s.kind !== "check")) {
      expect(parseSparkSql(statement.sql()).ok).toBe(false);
    }
  });
});
