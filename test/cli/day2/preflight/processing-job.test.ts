import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/** processing-job: system.serving.served_entities, read by one statement, when configured. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    plain: fraudModel(),
    named: fraudModel({ inference: { modelIdSource: "system_table" } }),
  });
});
afterAll(() => w.close());

describe("preflight processing-job", () => {
  it("reads no system table when no model does (the one statement is the alert-script probe)", async () => {
    w.warehouse.counters.reset();
    const { output } = await w.preflight(["-m", "plain"]);
    expect(lineOf(output, "processing-job")).toMatchObject({ status: "pass", source: "config" });
    expect(output.sqlStatements).toBe(1);
    expect(w.warehouse.counters.statements.map((s) => s.received)).toEqual([
      expect.not.stringContaining("served_entities"),
    ]);
  });

  it("fails when the system table cannot be read, with the grants to ask for", async () => {
    const { exitCode, output } = await w.preflight(["-m", "named"]);
    expect(exitCode).toBe(1);
    expect(lineOf(output, "processing-job")).toMatchObject({
      status: "fail",
      source: "sql",
      detail: expect.stringContaining(
        "read by the processing job of named: [TABLE_OR_VIEW_NOT_FOUND]",
      ),
      fix: expect.stringContaining(
        "GRANT SELECT ON TABLE system.serving.served_entities TO `fake-user@example.com`",
      ),
    });
    expect(output.sqlStatements).toBe(2); // and the alert-script probe
  });

  it("passes when the table is readable with the columns the job reads, in one statement", async () => {
    await w.warehouse.seed.createTable({
      table: "system.serving.served_entities",
      columns: [
        { name: "served_entity_id", type: "STRING" },
        { name: "entity_name", type: "STRING" },
        { name: "entity_version", type: "STRING" },
        { name: "change_time", type: "TIMESTAMP" },
      ],
    });
    w.warehouse.counters.reset();
    const { output } = await w.preflight();
    expect(lineOf(output, "processing-job")).toMatchObject({
      status: "pass",
      detail: "read by the processing job of named: readable with the columns it reads",
    });
    expect([output.sqlStatements, w.warehouse.counters.statementsExecuted]).toEqual([2, 2]);
    expect(w.warehouse.counters.statements.map((s) => s.received)).toEqual([
      expect.stringMatching(/^SELECT .*FROM `system`\.`serving`\.`served_entities` LIMIT 0$/),
      expect.stringMatching(/^BEGIN\n/),
    ]);
  });
});
