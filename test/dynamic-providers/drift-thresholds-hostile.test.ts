import {
  ROWS,
  TABLE,
  inputs,
  row,
  startHarness,
  type Harness,
  type Props,
} from "./drift-thresholds-harness";
import { parseTableName } from "../../core/names";
import { keyedThresholds, thresholdKey } from "../../core/threshold-rows";
import { createThresholdsTableSql } from "../../sql/thresholds-table";

/**
 * Hostile names and values: quotes, backticks, semicolons, comments, unicode. Names are
 * rejected by `check` (and cannot reach SQL even past it); values travel as parameters. The
 * table is intact afterwards.
 */

const HOSTILE = [
  "x'; DROP TABLE ml_dev.monitoring.drift_thresholds; --",
  "a`b",
  "c; DELETE FROM ml_dev.monitoring.drift_thresholds",
  "d -- comment",
  "e /* comment */",
  "fé\u00fc\u2603",
  "g\\' OR '1'='1",
];

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

beforeEach(async () => {
  await h.warehouse.query(createThresholdsTableSql(parseTableName(TABLE)));
  await h.warehouse.query(`DELETE FROM ${TABLE}`);
  // A bystander: another model's rows, which must survive everything below.
  await h.provider.create(inputs(ROWS, { model: "bystander" }));
});

afterEach(async () => {
  expect(await h.rows("bystander")).toHaveLength(ROWS.length);
});

async function failuresOf(news: Props): Promise<string[]> {
  const result = await h.provider.check({}, news);
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("check rejects hostile names", () => {
  it.each(HOSTILE)("in the table name: %s", async (bad) => {
    expect(await failuresOf(inputs(ROWS, { table: `ml_dev.monitoring.${bad}` }))).toEqual([
      expect.stringMatching(/^table: invalid table name/),
    ]);
    expect(
      await failuresOf(inputs(ROWS, { table: `${bad}.monitoring.drift_thresholds` })),
    ).toHaveLength(1);
  });

  it.each(HOSTILE)("in the model name: %s", async (bad) => {
    expect(await failuresOf(inputs(ROWS, { model: bad }))).toEqual([
      expect.stringMatching(/^model: invalid model name/),
    ]);
  });

  it.each(HOSTILE)("in a column name: %s", async (bad) => {
    const hostile = row({ column: bad });
    expect(await failuresOf(inputs([hostile]))).toEqual([
      `thresholds: ${JSON.stringify(thresholdKey(hostile))}: column: must be a column name (letters, digits and _, not starting with a digit) or :table`,
    ]);
  });

  it("in statistics, check types, severities and comparators, with every problem at once", async () => {
    const hostile = {
      ...row(),
      statistic: HOSTILE[0],
      driftType: "CONSECUTIVE; --",
      severity: "critical'",
      comparator: "<>",
    };
    const failures = await failuresOf({
      ...inputs(),
      thresholds: { [thresholdKey(hostile as never)]: hostile },
    });
    expect(failures).toHaveLength(4);
    for (const field of ["statistic", "driftType", "severity", "comparator"]) {
      expect(failures.some((f) => f.includes(`: ${field}: `))).toBe(true);
    }
  });

  it("in values and keys that do not match their row", async () => {
    const keyed = keyedThresholds([row()]);
    const key = Object.keys(keyed)[0] as string;
    expect(
      await failuresOf({ ...inputs(), thresholds: { [key]: { ...row(), value: "0.01; DROP" } } }),
    ).toEqual([expect.stringMatching(/value: Invalid input: expected number/)]);
    expect(await failuresOf({ ...inputs(), thresholds: { [`${key}'; --`]: row() } })).toEqual([
      expect.stringMatching(/key must be "amount\/ks_test\.pvalue\/CONSECUTIVE\/critical"/),
    ]);
    expect(
      await failuresOf({ ...inputs(), thresholds: { [key]: { ...row(), extra: "x" } } }),
    ).toHaveLength(1);
    expect(await failuresOf({ ...inputs(), thresholds: {} })).toEqual([
      "thresholds: must hold at least one threshold row",
    ]);
    expect(await failuresOf({ ...inputs(), thresholds: "not a map" })).toHaveLength(1);
  });

  it("checks data-quality rows for their shape", async () => {
    const wrong = [
      row({ statistic: "null_rate", driftType: "CONSECUTIVE" }),
      row({ statistic: "staleness_hours", driftType: "DATA_QUALITY" }), // needs :table
      row({ column: ":table", statistic: "null_rate", driftType: "DATA_QUALITY" }), // needs a column
    ];
    for (const bad of wrong) expect(await failuresOf(inputs([bad]))).toHaveLength(1);
  });
});

describe("values past check are bound as parameters", () => {
  it("stores, reads and deletes hostile text as data", async () => {
    // Straight to create, as if check had been skipped: the model and row text are values.
    const hostileRows = HOSTILE.map((text, i) =>
      row({ column: text, statistic: `s${i}${text}`, comparator: text }),
    );
    const props = inputs(hostileRows, { model: HOSTILE[0] });
    const { id, outs } = await h.provider.create(props);
    const stored = await h.rows(HOSTILE[0]);
    expect(stored.map((r) => r.column_name).sort()).toEqual([...HOSTILE].sort());
    expect((await h.provider.read(id, outs)).props).toEqual(outs);
    await h.provider.delete(id, outs as Props);
    expect(await h.rows(HOSTILE[0])).toEqual([]);
  });

  it("removes hostile rows written out of band, by parameter, and nothing else", async () => {
    const { id, outs } = await h.provider.create(inputs());
    for (const text of HOSTILE) {
      await h.warehouse.query(
        `INSERT INTO ${TABLE} VALUES ('churn', :text, :text, 'CONSECUTIVE', 'critical', :text, 1, current_timestamp(), NULL)`,
        {
          text,
        },
      );
    }
    const read = await h.provider.read(id, outs);
    expect(Object.keys(read.props?.thresholds as object)).toHaveLength(
      ROWS.length + HOSTILE.length,
    );
    await h.provider.update(id, read.props as Props, inputs());
    expect(await h.rows("churn")).toHaveLength(ROWS.length);
  });

  it("sends nothing for a table name that is not an identifier, even past check", async () => {
    const { statements } = await h.counting(() =>
      h.provider
        .create(inputs(ROWS, { table: "ml_dev.monitoring.t`; DROP TABLE x; --" }))
        .catch((e: Error) => e.message),
    );
    expect(statements).toEqual([]);
  });
});
