import { fraudModel } from "../support/scenarios";
import {
  DEPLOYER,
  grantDeployerStack,
  lineOf,
  startPreflightWorld,
  type PreflightWorld,
} from "./support";

/** labels-table and baseline-table: the user's tables the configuration names. */

const LABELS = "ml_dev.inference.fraud_labels";
const BASELINE = "ml_dev.monitoring.fraud_baseline";
const labelled = (table = LABELS) =>
  fraudModel({
    label: { name: "label", type: "int" },
    labels: { table, keyColumn: "request_id", labelColumn: "label" },
  });
const baselined = (table = BASELINE) => fraudModel({ monitor: { baselineTable: table } });

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    labelled: labelled(),
    "labels-missing": labelled("ml_dev.inference.nope"),
    baselined: baselined(),
    "baseline-missing": baselined("ml_dev.monitoring.nope"),
  });
});
afterAll(() => w.close());

function seedLabels(columns: Array<{ name: string; type: string }>): void {
  w.workspace.state.tables.seed({ full_name: LABELS, columns });
}
function seedBaseline(columns: Array<{ name: string; type: string }>): void {
  w.workspace.state.tables.seed({ full_name: BASELINE, columns });
}
const labelsLine = async (model = "labelled") =>
  lineOf((await w.preflight(["-m", model])).output, "labels-table", { model });
const baselineLine = async (model = "baselined") =>
  lineOf((await w.preflight(["-m", model])).output, "baseline-table", { model });

describe("preflight labels-table", () => {
  it("passes a key column of any scalar type and a label of the label's type", async () => {
    seedLabels([
      { name: "request_id", type: "bigint" },
      { name: "label", type: "int" },
    ]);
    expect(await labelsLine()).toMatchObject({
      status: "pass",
      detail: "key request_id bigint, label label int (processed as int)",
    });
  });

  it("warns of a string label (try_cast), fails a missing column or a nested key", async () => {
    seedLabels([
      { name: "request_id", type: "string" },
      { name: "label", type: "string" },
    ]);
    expect(await labelsLine()).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("label values that are not int become NULL"),
    });
    seedLabels([{ name: "request_id", type: "string" }]);
    expect(await labelsLine()).toMatchObject({ status: "fail", detail: "has no column label" });
    seedLabels([
      { name: "request_id", type: "array<string>" },
      { name: "label", type: "int" },
    ]);
    expect((await labelsLine()).detail).toMatch(/not comparable as a string/);
  });

  it("fails a labels table that does not exist", async () => {
    expect(await labelsLine("labels-missing")).toMatchObject({
      status: "fail",
      detail: "does not exist",
      fix: expect.stringContaining("fix labels.table of labels-missing"),
    });
  });

  it("fails a labels table that exists but the deployer may not read", async () => {
    seedLabels([
      { name: "request_id", type: "string" },
      { name: "label", type: "int" },
    ]);
    grantDeployerStack(w);
    w.workspace.state.grants.revokeAll("schema", "ml_dev.inference", DEPLOYER);
    w.workspace.state.grants.grant("schema", "ml_dev.inference", DEPLOYER, [
      "USE_SCHEMA",
      "CREATE_TABLE",
    ]);
    const { output } = await w.asDeployer(["-m", "labelled"]);
    expect(lineOf(output, "labels-table", { model: "labelled" })).toMatchObject({
      status: "fail",
      detail: `exists, but ${DEPLOYER} may not read it`,
      fix: `GRANT SELECT ON TABLE ${LABELS} TO \`${DEPLOYER}\``,
    });
  });
});

describe("preflight baseline-table", () => {
  it("passes the features and the prediction with their types", async () => {
    seedBaseline([
      { name: "amount", type: "double" },
      { name: "merchant_category", type: "string" },
      { name: "is_fraud", type: "int" },
    ]);
    expect(await baselineLine()).toMatchObject({
      status: "pass",
      detail: "holds the 3 monitored columns with their types",
    });
  });

  it("warns of a type of the same family, fails missing and incompatible columns", async () => {
    seedBaseline([
      { name: "amount", type: "float" },
      { name: "merchant_category", type: "string" },
      { name: "is_fraud", type: "bigint" },
    ]);
    expect((await baselineLine()).status).toBe("warn");
    seedBaseline([
      { name: "amount", type: "string" },
      { name: "is_fraud", type: "int" },
    ]);
    expect(await baselineLine()).toMatchObject({
      status: "fail",
      detail: "missing merchant_category; amount is string, expected double",
    });
  });

  it("fails a baseline table that does not exist", async () => {
    expect((await baselineLine("baseline-missing")).status).toBe("fail");
  });
});
