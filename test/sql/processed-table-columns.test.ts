import { processedTableColumns } from "../../sql/processed-table-columns";
import { processedTableSpecProblems } from "../../sql/processed-table-spec";
import type { ProcessedTableSpec } from "../../core/processed-table-spec";
import { allTypesSpec, churnClassifierSpec, priceRegressorSpec } from "./fixtures/specs";

describe("processedTableColumns", () => {
  it("puts the fixed columns around the model's own, with the agreed types", () => {
    const columns = processedTableColumns(churnClassifierSpec());
    expect(columns.map((c) => `${c.name} ${c.type} ${c.role}`)).toEqual([
      "databricks_request_id string fixed",
      "client_request_id string fixed",
      "record_index int fixed",
      "request_time timestamp fixed",
      "request_date date fixed",
      "model_id string fixed",
      "served_entity_id string fixed",
      "customer_id string feature",
      "plan string feature",
      "tenure_months int feature",
      "monthly_charges double feature",
      "churn_prediction string prediction",
      "churned string label",
      "processed_at timestamp fixed",
    ]);
  });

  it("has no label column when none is declared", () => {
    const columns = processedTableColumns(priceRegressorSpec());
    expect(columns.some((c) => c.role === "label")).toBe(false);
    expect(columns.at(-2)).toMatchObject({ name: "predicted_price", type: "double" });
  });

  it("keeps a user's comment and gives every other column one", () => {
    const columns = processedTableColumns(churnClassifierSpec());
    expect(columns.find((c) => c.name === "plan")?.comment).toBe(
      "Subscription plan at request time",
    );
    expect(columns.every((c) => typeof c.comment === "string" && c.comment.length > 0)).toBe(true);
  });

  it("returns copies, so callers cannot change the fixed columns", () => {
    const first = processedTableColumns(priceRegressorSpec());
    const model = first.find((c) => c.name === "model_id");
    if (model) model.name = "changed";
    expect(processedTableColumns(priceRegressorSpec()).some((c) => c.name === "model_id")).toBe(
      true,
    );
  });

  it.each([
    [
      "a feature",
      (s: ProcessedTableSpec) => s.features.push({ name: "request_time", type: "string" }),
    ],
    [
      "a feature, in another case",
      (s: ProcessedTableSpec) => s.features.push({ name: "Model_ID", type: "string" }),
    ],
    [
      "the prediction",
      (s: ProcessedTableSpec) => (s.prediction = { name: "processed_at", type: "double" }),
    ],
    ["the label", (s: ProcessedTableSpec) => s.label && (s.label.name = "record_index")],
  ])("rejects %s that reuses a fixed column name, naming it", (_what, change) => {
    const spec = churnClassifierSpec();
    change(spec);
    expect(() => processedTableColumns(spec)).toThrow(/collides with a fixed column/);
    expect(() => processedTableColumns(spec)).toThrow(
      /"(request_time|Model_ID|processed_at|record_index)"/,
    );
  });

  it("rejects two of the model's own columns with one name", () => {
    const spec = churnClassifierSpec();
    spec.prediction = { name: "Plan", type: "string" };
    expect(() => processedTableColumns(spec)).toThrow(
      'prediction.name "Plan" (4 chars) collides with features[1] (plan)',
    );
  });
});

describe("processedTableSpecProblems", () => {
  it("finds nothing wrong with the fixtures", () => {
    for (const spec of [churnClassifierSpec(), priceRegressorSpec(), allTypesSpec()]) {
      expect(processedTableSpecProblems(spec)).toEqual([]);
    }
  });

  it.each<[string, (s: ProcessedTableSpec) => void, RegExp]>([
    [
      "label without labelsJoin",
      (s) => delete s.labelsJoin,
      /label is declared but labelsJoin is not/,
    ],
    ["labelsJoin without label", (s) => delete s.label, /labelsJoin is declared but label is not/],
    [
      "an unknown request key",
      (s) => s.labelsJoin && (s.labelsJoin.requestKey = "customer"),
      /requestKey "customer"/,
    ],
    ["a zero lookback", (s) => s.labelsJoin && (s.labelsJoin.lookbackDays = 0), /lookbackDays 0/],
    [
      "a fractional lookback",
      (s) => s.labelsJoin && (s.labelsJoin.lookbackDays = 1.5),
      /lookbackDays 1\.5/,
    ],
    ["negative late-arrival hours", (s) => (s.lateArrivalHours = -1), /lateArrivalHours -1/],
    ["NaN late-arrival hours", (s) => (s.lateArrivalHours = Number.NaN), /lateArrivalHours NaN/],
    [
      "an unsupported type",
      (s) => ((s.features[0] as { type: string }).type = "varchar"),
      /features\[0\]\.type "varchar"/,
    ],
    [
      "a hostile feature name",
      (s) => s.features.push({ name: "x; DROP TABLE y", type: "int" }),
      /features\[4\]\.name "x; DROP TABLE y"/,
    ],
    [
      "a hostile labels key",
      (s) => s.labelsJoin && (s.labelsJoin.keyColumn = "id`"),
      /labelsJoin\.keyColumn "id`"/,
    ],
    [
      "a hostile labels table",
      (s) => s.labelsJoin && (s.labelsJoin.table.schema = "a b"),
      /labelsJoin\.table\.schema "a b"/,
    ],
    [
      "processed table = payload table",
      (s) => (s.processedTable = { ...s.payloadTable }),
      /must differ from payloadTable/,
    ],
    ["no features", (s) => (s.features = []), /at least one feature/],
    [
      // The provider's own COMMENT '...' escapes only quotes (resource_sql_table.go parseComment).
      "a backslash in a feature comment",
      (s) => (s.features[1] = { name: "plan", type: "string", comment: "plan C:\\tiers\\" }),
      /features\[1\]\.comment "plan C:\\\\tiers\\\\".*may not contain a backslash/,
    ],
    [
      "an unknown model id source",
      (s) => ((s as { modelIdSource?: string }).modelIdSource = "magic"),
      /modelIdSource "magic"/,
    ],
  ])("reports %s", (_what, change, message) => {
    const spec = churnClassifierSpec();
    change(spec);
    const problems = processedTableSpecProblems(spec);
    expect(problems.some((p) => message.test(p))).toBe(true);
    expect(() => processedTableColumns(spec)).toThrow(message);
  });

  it("reports every problem at once", () => {
    const spec = churnClassifierSpec();
    spec.lateArrivalHours = -1;
    spec.features.push({ name: "bad name", type: "int" });
    spec.prediction = { name: "request_date", type: "double" };
    expect(processedTableSpecProblems(spec)).toHaveLength(3);
  });
});
