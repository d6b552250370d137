import { fraudModel } from "../support/scenarios";
import { lineOf, linesOf, startPreflightWorld, type PreflightWorld } from "./support";

/** namespace: the catalogs and schemas the configuration names exist. */

describe("preflight namespace", () => {
  let w: PreflightWorld;
  afterEach(() => w.close());

  it("passes when the stack's catalog, its schemas and the model's schema exist", async () => {
    w = await startPreflightWorld({ fraud: fraudModel() });
    const { output } = await w.preflight();
    expect(linesOf(output, "namespace").map((l) => [l.subject, l.status])).toEqual([
      ["catalog ml", "pass"],
      ["catalog ml_dev", "pass"],
      ["schema ml_dev.inference", "pass"],
      ["schema ml_dev.monitoring", "pass"],
      ["schema ml.models", "pass"],
    ]);
  });

  it("fails a missing monitoring schema and a missing labels catalog, with the statement to run", async () => {
    w = await startPreflightWorld(
      {
        fraud: fraudModel({
          label: { name: "label", type: "int" },
          labels: { table: "truth.labels.fraud", keyColumn: "request_id", labelColumn: "label" },
        }),
      },
      { monitoringSchema: "monitoring_v2" },
    );
    const { exitCode, output } = await w.preflight();
    expect(exitCode).toBe(1);
    expect(lineOf(output, "namespace", { subject: "schema ml_dev.monitoring_v2" })).toMatchObject({
      status: "fail",
      detail: "does not exist",
      fix: expect.stringContaining("CREATE SCHEMA `ml_dev`.`monitoring_v2`"),
    });
    expect(lineOf(output, "namespace", { subject: "catalog truth" })).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("CREATE CATALOG `truth`"),
    });
    expect(lineOf(output, "namespace", { subject: "schema truth.labels" }).detail).toBe(
      "does not exist (nor its catalog)",
    );
    // What lives in a missing schema is not asked about again.
    expect(lineOf(output, "privileges", { subject: "schema ml_dev.monitoring_v2" }).status).toBe(
      "skipped",
    );
  });
});
