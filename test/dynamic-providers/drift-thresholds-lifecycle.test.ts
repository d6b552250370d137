import {
  ROWS,
  TABLE,
  inputs,
  propertyDiff,
  row,
  startHarness,
  type Harness,
  type Props,
} from "./drift-thresholds-harness";
import { forgetEnsuredTables } from "../../dynamic-providers/drift-thresholds-runner";
import { UNKNOWN } from "../../dynamic-providers/shared/unknowns";
import { parseTableName } from "../../core/names";
import { keyedThresholds } from "../../core/threshold-rows";
import { createThresholdsTableSql } from "../../sql/thresholds-table";

/** DriftThresholds over the wire: the real driver against the local warehouse. */

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
});

const KEY = "amount/ks_test.pvalue/CONSECUTIVE/critical";

async function created(props: Props = inputs()): Promise<{ id: string; outs: Props }> {
  const { id, outs } = await h.provider.create(props);
  return { id, outs: outs as Props };
}

describe("DriftThresholds lifecycle", () => {
  it("creates the table and writes the rows: DDL once per process, a lookup, one MERGE", async () => {
    forgetEnsuredTables(); // as in a new provider process
    const desired = inputs();
    const { result: create, statements } = await h.counting(() => h.provider.create(desired));
    expect(statements).toEqual(["CREATE", "SELECT", "MERGE"]);
    expect(create.id).toBe(`${TABLE}/churn`);
    const owner = (create.outs as Props).owner;
    expect(owner).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(create.outs).toEqual({
      table: TABLE,
      model: "churn",
      thresholds: desired.thresholds,
      adopt: false,
      owner,
    });
    const rows = await h.rows("churn");
    // Every row carries the resource's token: its delete removes only these.
    expect(rows.map((r) => r.owner)).toEqual(ROWS.map(() => owner));
    expect(rows.map(({ updated_at: _, owner: __, ...rest }) => rest)).toEqual(
      [...ROWS]
        .sort((a, b) => `${a.column}|${a.statistic}`.localeCompare(`${b.column}|${b.statistic}`))
        .map((r) => ({
          model: "churn",
          column_name: r.column,
          statistic: r.statistic,
          drift_type: r.driftType,
          severity: r.severity,
          comparator: r.comparator,
          value: r.value,
        })),
    );
    const second = await h.counting(() => h.provider.create(inputs(ROWS, { model: "fraud" })));
    expect(second.statements).toEqual(["SELECT", "MERGE"]);
  });

  it("recreates a table dropped after this process ensured it", async () => {
    await created();
    await h.warehouse.query(`DROP TABLE ${TABLE}`);
    const { statements } = await h.counting(() =>
      h.provider.create(inputs(ROWS, { model: "fraud" })),
    );
    expect(statements).toEqual(["SELECT", "CREATE", "MERGE"]);
    expect(await h.rows("fraud")).toHaveLength(ROWS.length);
  });

  it("sends no statement for an update that changes nothing", async () => {
    const { id, outs } = await created();
    const { result, statements } = await h.counting(() => h.provider.update(id, outs, inputs()));
    expect(statements).toEqual([]);
    expect(result.outs).toEqual(outs);
  });

  it("updates with one MERGE that writes only what changed and removes what is gone", async () => {
    const { id, outs } = await created();
    const before = new Map(
      (await h.rows("churn")).map((r) => [`${r.column_name}/${r.statistic}`, r.updated_at]),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const desired = inputs([
      row({ value: 0.05 }), // changed
      ROWS[1]!, // unchanged
      ROWS[3]!, // unchanged; ROWS[2] (country) is gone
      row({ column: "age", statistic: "wasserstein_distance", comparator: ">", value: 15 }), // new
    ]);
    const { statements } = await h.counting(() => h.provider.update(id, outs, desired));
    expect(statements).toEqual(["MERGE"]);
    const after = await h.rows("churn");
    expect(after.map((r) => `${r.column_name}/${r.statistic}=${String(r.value)}`)).toEqual([
      ":table/staleness_hours=24",
      "age/wasserstein_distance=15",
      "amount/ks_test.pvalue=0.05",
      "amount/population_stability_index=0.1",
    ]);
    const stamp = (key: string) =>
      after.find((r) => `${r.column_name}/${r.statistic}` === key)?.updated_at;
    expect(stamp("amount/population_stability_index")).toEqual(
      before.get("amount/population_stability_index"),
    );
    expect(stamp("amount/ks_test.pvalue")).not.toEqual(before.get("amount/ks_test.pvalue"));
  });

  it("reads the live rows with one SELECT, as outputs and inputs: no drift, no diff", async () => {
    const { id, outs } = await created();
    const { result: read, statements } = await h.counting(() => h.provider.read(id, outs));
    expect(statements).toEqual(["SELECT"]);
    const { owner: _, ...inputsOnly } = outs;
    expect(read).toEqual({ id, props: outs, inputs: inputsOnly });
    expect(await h.provider.diff(id, read.props as Props, inputs())).toEqual({
      changes: false,
      replaces: [],
    });
  });

  it("shows an out-of-band edit on refresh, naming the threshold with old and new value", async () => {
    const { id, outs } = await created();
    await h.warehouse.query(
      `UPDATE ${TABLE} SET value = 0.05 WHERE model = 'churn' AND statistic = 'ks_test.pvalue'`,
    );
    const read = await h.provider.read(id, outs);
    // Refresh: the engine diffs the refreshed state against the inputs it had.
    expect(await h.provider.diff(id, read.props as Props, outs)).toEqual({
      changes: true,
      replaces: [],
    });
    expect(propertyDiff(outs, read.props as Props)).toEqual([
      `~ thresholds["${KEY}"].value: 0.01 => 0.05`,
    ]);
    // The next `up` puts the program's value back.
    await h.provider.update(id, read.props as Props, inputs());
    expect((await h.rows("churn")).find((r) => r.statistic === "ks_test.pvalue")?.value).toBe(0.01);
  });

  it("shows a row deleted out of band as a removed threshold, and an added one as added", async () => {
    const { id, outs } = await created();
    await h.warehouse.query(
      `DELETE FROM ${TABLE} WHERE model = 'churn' AND column_name = 'country'`,
    );
    await h.warehouse.query(
      `INSERT INTO ${TABLE} VALUES ('churn', 'age', 'ks_test.pvalue', 'CONSECUTIVE', 'critical', '<', 0.02, current_timestamp(), NULL)`,
    );
    const read = await h.provider.read(id, outs);
    expect(propertyDiff(outs, read.props as Props)).toEqual([
      `+ thresholds["age/ks_test.pvalue/CONSECUTIVE/critical"]`,
      `- thresholds["country/js_distance/CONSECUTIVE/critical"]`,
    ]);
    await h.provider.update(id, read.props as Props, inputs());
    expect((await h.rows("churn")).map((r) => r.column_name)).toEqual([
      ":table",
      "amount",
      "amount",
      "country",
    ]);
  });

  it("reports the resource gone when its rows or the table are deleted out of band", async () => {
    const { id, outs } = await created();
    await h.warehouse.query(`DELETE FROM ${TABLE} WHERE model = 'churn'`);
    expect(await h.provider.read(id, outs)).toEqual({ id: "" });
    const again = await created();
    await h.warehouse.query(`DROP TABLE ${TABLE}`);
    expect(await h.provider.read(again.id, again.outs)).toEqual({ id: "" });
  });

  it("deletes this model's rows and nothing else, and deletes what is already gone", async () => {
    const churn = await created();
    const fraud = await created(inputs(ROWS.slice(0, 2), { model: "fraud" }));
    const { statements } = await h.counting(() => h.provider.delete(churn.id, churn.outs));
    expect(statements).toEqual(["DELETE"]);
    expect(await h.rows("churn")).toEqual([]);
    expect(await h.rows("fraud")).toHaveLength(2);
    await h.provider.delete(churn.id, churn.outs);
    await h.warehouse.query(`DROP TABLE ${TABLE}`);
    await h.provider.delete(fraud.id, fraud.outs);
  });

  it("recreates a table dropped behind its back when updating", async () => {
    const { id, outs } = await created();
    await h.warehouse.query(`DROP TABLE ${TABLE}`);
    await h.provider.update(id, outs, inputs([row({ value: 0.02 })]));
    expect((await h.rows("churn")).map((r) => r.value)).toEqual([0.02]);
  });

  it("is idempotent: creating again over its own rows claims them and duplicates nothing", async () => {
    await created();
    const { result, statements } = await h.counting(() => h.provider.create(inputs()));
    expect(result.id).toBe(`${TABLE}/churn`);
    expect(statements).toEqual(["SELECT", "UPDATE"]);
    const rows = await h.rows("churn");
    expect(rows).toHaveLength(ROWS.length);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set([(result.outs as Props).owner]));
  });

  it("keeps the rows when Pulumi creates a replacement before deleting the old resource", async () => {
    // `pulumi up --target-replace`, or a rename without an alias: same table and model.
    const old = await created();
    const replacement = await created();
    const { statements } = await h.counting(() => h.provider.delete(old.id, old.outs));
    expect(statements).toEqual(["DELETE"]);
    expect(await h.rows("churn")).toHaveLength(ROWS.length);
    // The replacement's own delete still removes them.
    await h.provider.delete(replacement.id, replacement.outs);
    expect(await h.rows("churn")).toEqual([]);
  });

  it("treats a table name differing only in case as the same table: no replacement", async () => {
    const { id, outs } = await created();
    expect(await h.provider.diff(id, outs, inputs(ROWS, { table: TABLE.toUpperCase() }))).toEqual({
      changes: false,
      replaces: [],
    });
  });

  it("deletes every row of the model for a resource created before rows had owners", async () => {
    const { id, outs } = await created();
    const { owner: _, ...withoutOwner } = outs;
    await h.provider.delete(id, withoutOwner);
    expect(await h.rows("churn")).toEqual([]);
  });

  it("refuses to overwrite rows it did not write, unless adopting them", async () => {
    await created(inputs([row({ value: 0.2 })]));
    await expect(h.provider.create(inputs())).rejects.toThrow(
      new RegExp(
        `already holds 1 threshold row\\(s\\) for model churn .*${KEY.replace(/[.]/g, "\\.")}: live < 0.2, program < 0.01.*Set adopt: true`,
      ),
    );
    const { result: adopted, statements } = await h.counting(() =>
      h.provider.create(inputs(ROWS, { adopt: true })),
    );
    // Claimed, then made to match the program in the same create.
    expect(statements).toEqual(["SELECT", "UPDATE", "MERGE"]);
    expect(adopted.outs).toMatchObject({ thresholds: keyedThresholds(ROWS), adopt: true });
    const rows = await h.rows("churn");
    expect(rows).toHaveLength(ROWS.length);
    expect(rows.find((r) => r.statistic === "ks_test.pvalue")?.value).toBe(0.01);
    expect(new Set(rows.map((r) => r.owner))).toEqual(new Set([(adopted.outs as Props).owner]));
    // Nothing left for the next preview.
    const diff = await h.provider.diff(
      adopted.id,
      adopted.outs as Props,
      inputs(ROWS, { adopt: true }),
    );
    expect(diff.changes).toBe(false);
  });

  it("shows duplicated rows on refresh and rewrites them to one", async () => {
    const { id, outs } = await created();
    await h.warehouse.query(
      `INSERT INTO ${TABLE} VALUES ('churn', 'amount', 'ks_test.pvalue', 'CONSECUTIVE', 'critical', '<', 0.03, current_timestamp(), NULL)`,
    );
    const read = await h.provider.read(id, outs);
    expect(Object.keys(read.props?.thresholds as object)).toContain(`${KEY} (duplicate 2)`);
    await h.provider.update(id, read.props as Props, inputs());
    const copies = (await h.rows("churn")).filter((r) => r.statistic === "ks_test.pvalue");
    expect(copies.map((r) => r.value)).toEqual([0.01]);
  });

  it("writes large threshold sets in batches and reads them back", async () => {
    const many = Array.from({ length: 250 }, (_, i) => row({ column: `feature_${i}` }));
    const { statements } = await h.counting(() => h.provider.create(inputs(many)));
    expect(statements.filter((s) => s === "MERGE")).toHaveLength(2);
    const read = await h.provider.read(`${TABLE}/churn`, inputs(many));
    expect(Object.keys(read.props?.thresholds as object)).toHaveLength(250);
  });
});

describe("DriftThresholds check and diff", () => {
  it("accepts the component's inputs and defaults adopt", async () => {
    const { adopt: _, ...withoutAdopt } = inputs();
    expect(await h.provider.check({}, withoutAdopt)).toEqual({
      inputs: { ...withoutAdopt, adopt: false },
      failures: [],
    });
  });

  it("lets unknown values through in preview, and says a change is coming", async () => {
    const preview = { table: UNKNOWN, model: "churn", thresholds: UNKNOWN, adopt: false };
    expect((await h.provider.check({}, preview)).failures).toEqual([]);
    const partial = inputs();
    (partial.thresholds as Record<string, unknown>)[KEY] = { ...row(), value: UNKNOWN };
    expect((await h.provider.check({}, partial)).failures).toEqual([]);
    expect(await h.provider.diff("id", inputs(), { ...inputs(), thresholds: UNKNOWN })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(await h.provider.diff("id", inputs(), { ...inputs(), table: UNKNOWN })).toEqual({
      changes: true,
      replaces: ["table"],
    });
  });

  it("replaces when the rows move to another table or model, and ignores adopt", async () => {
    expect(await h.provider.diff("id", inputs(), inputs(ROWS, { model: "fraud" }))).toEqual({
      changes: true,
      replaces: ["model"],
    });
    expect(
      await h.provider.diff("id", inputs(), inputs(ROWS, { table: "ml_dev.monitoring.other" })),
    ).toEqual({ changes: true, replaces: ["table"] });
    expect(await h.provider.diff("id", inputs(), inputs(ROWS, { adopt: true }))).toEqual({
      changes: false,
      replaces: [],
    });
  });
});
