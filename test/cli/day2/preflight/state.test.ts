import * as fs from "node:fs";
import * as path from "node:path";
import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/** state (--state): what exists in the workspace but not in the stack's state. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    managed: fraudModel(),
    stray: fraudModel(),
    adopted: fraudModel({ inference: { adoptProcessedTable: true } }),
    governed: fraudModel({
      registeredModel: "ml.models.churn",
      governance: { registeredModel: { manage: true } },
    }),
    lost: fraudModel(),
  });
  for (const model of ["managed", "stray", "adopted"]) {
    w.workspace.state.tables.seed({ full_name: `ml_dev.inference.${model}_processed` });
  }
  w.workspace.state.models.seed({ full_name: "ml.models.churn", versions: [3] });
  w.workspace.state.endpoints.seed({
    name: "stray-dev",
    config: {
      served_entities: [{ name: "champion", entity_name: "ml.models.fraud", entity_version: "3" }],
    },
  });
});
afterAll(() => w.close());

/** A `pulumi stack export` holding these resources. */
function stateFile(resources: Array<Record<string, unknown>>): string {
  const file = path.join(w.root, "state.json");
  fs.writeFileSync(file, JSON.stringify({ version: 3, deployment: { manifest: {}, resources } }));
  return file;
}
const table = (name: string) => ({
  urn: `urn:pulumi:dev::model-monitoring::x$databricks:index/sqlTable:SqlTable::${name}`,
  custom: true,
  type: "databricks:index/sqlTable:SqlTable",
  id: `ml_dev.inference.${name}_processed`,
  inputs: { catalogName: "ml_dev", schemaName: "inference", name: `${name}_processed` },
  outputs: { catalogName: "ml_dev", schemaName: "inference", name: `${name}_processed` },
});

describe("preflight state", () => {
  it("is one skipped line without --state", async () => {
    const { output } = await w.preflight();
    expect(lineOf(output, "state")).toMatchObject({ status: "skipped", model: null });
  });

  it("passes what the state holds and what will be adopted; fails what an up would create over", async () => {
    const file = stateFile([table("managed"), table("lost")]);
    const { exitCode, output } = await w.preflight(["--state", file]);
    expect(exitCode).toBe(1);
    expect(output.stateFile).toBe(file);
    const subject = (m: string) => `table ml_dev.inference.${m}_processed`;
    expect(lineOf(output, "state", { subject: subject("managed") }).status).toBe("pass");
    expect(lineOf(output, "state", { subject: subject("adopted") }).status).toBe("pass");
    expect(lineOf(output, "state", { subject: subject("stray") })).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("set inference.adoptProcessedTable: true for stray"),
    });
    expect(lineOf(output, "state", { subject: subject("lost") })).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("gone from the workspace"),
    });
    expect(lineOf(output, "state", { subject: "endpoint stray-dev" })).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("pulumi import databricks:index/modelServing:ModelServing"),
    });
    expect(lineOf(output, "state", { subject: "registered model ml.models.churn" })).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("governance.registeredModel.adopt: true"),
    });
  });

  it("refuses a file that is not a stack export (exit 2, nothing checked)", async () => {
    const file = path.join(w.root, "not-state.json");
    fs.writeFileSync(file, JSON.stringify({ hello: "world" }));
    const run = await w.run(["preflight", "--stack", "dev", "--json", "--state", file]);
    expect(run.exitCode).toBe(2);
    expect(run.json()).toMatchObject({
      error: { kind: "usage", message: expect.stringContaining("holds no deployment.resources") },
    });
  });
});
