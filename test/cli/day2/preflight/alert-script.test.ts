import { WAREHOUSE_ID } from "../support/harness";
import { fraudModel } from "../support/scenarios";
import { grantDeployerStack, lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/**
 * alert-script: the alerts hold a SQL script by default (sql/alert-queries.ts); a warehouse
 * without SQL scripting would leave every evaluation in ERROR. One script built like theirs
 * shows whether the warehouse runs it.
 */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fraud: fraudModel(),
    plain: fraudModel({ alerting: { queryForm: "statement" } }),
  });
});
afterAll(() => w.close());
afterEach(() => {
  w.warehouse.sqlScripting = "supported";
  w.workspace.strictness.warehousePermissionsReadableBy = "managers";
});

describe("preflight alert-script", () => {
  it("passes when the warehouse runs a script reading the output schema's information_schema", async () => {
    w.warehouse.counters.reset();
    const { output } = await w.preflight(["-m", "fraud"]);
    expect(lineOf(output, "alert-script")).toMatchObject({
      status: "pass",
      source: "sql",
      subject: `warehouse ${WAREHOUSE_ID}`,
      detail:
        "the alerts of fraud: runs SQL scripts and reads information_schema of ml_dev.monitoring",
    });
    const [statement] = w.warehouse.counters.statements.map((s) => s.received);
    expect(statement).toMatch(
      /^BEGIN\n {2}IF \(SELECT count\(\*\) FROM `ml_dev`\.`information_schema`\.`tables` WHERE `table_schema` = 'monitoring'\) >= 0 THEN\n {4}(-- .*\n {4})?SELECT :probe AS `ok`;\n {2}END IF;\nEND$/,
    );
  });

  it("fails on a warehouse without SQL scripting, naming both ways out", async () => {
    w.warehouse.sqlScripting = "unsupported";
    const { exitCode, output } = await w.preflight(["-m", "fraud"]);
    expect(exitCode).toBe(1);
    expect(lineOf(output, "alert-script")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(
        /^the alerts of fraud: this warehouse does not run SQL scripts: .*PARSE_SYNTAX_ERROR/,
      ),
      fix: expect.stringMatching(/runs SQL scripting.*alerting\.queryForm: statement/),
    });
    // The statement still reached the warehouse as the identity: it may use it.
    expect(lineOf(output, "warehouse").status).toBe("pass");
  });

  it("reports any other failure as it is, without blaming SQL scripting", async () => {
    // A stack catalog the warehouse does not have: its information_schema cannot be read.
    const other = await startPreflightWorld({ fraud: fraudModel() }, { catalog: "ml_gone" });
    try {
      const { output } = await other.preflight();
      expect(lineOf(output, "alert-script")).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/a script like theirs failed: .*TABLE_OR_VIEW_NOT_FOUND/),
        fix: expect.stringContaining("USE CATALOG on the output catalog"),
      });
      expect(lineOf(output, "alert-script").fix).not.toMatch(/queryForm/);
    } finally {
      await other.close();
    }
  });

  it("passes from the configuration when every alert holds the statement, sending no script", async () => {
    w.warehouse.sqlScripting = "unsupported";
    w.warehouse.counters.reset();
    const { output } = await w.preflight(["-m", "plain"]);
    expect(lineOf(output, "alert-script")).toMatchObject({
      status: "pass",
      source: "config",
      detail: "no alert holds a script (alerting.queryForm: statement)",
    });
    expect(output.sqlStatements).toBe(0);
  });

  it("sends SELECT 1 for the warehouse instead, when only statement alerts are checked and its permissions are unreadable", async () => {
    grantDeployerStack(w);
    w.warehouse.counters.reset();
    const { output } = await w.asDeployer(["-m", "plain"]);
    expect(lineOf(output, "warehouse")).toMatchObject({ status: "pass", source: "sql" });
    expect(w.warehouse.counters.statements.map((s) => s.received)).toEqual(["SELECT 1 AS `ok`"]);
  });

  it("names only the models whose alerts hold a script", async () => {
    const { output } = await w.preflight();
    expect(lineOf(output, "alert-script").detail).toMatch(/^the alerts of fraud: runs/);
  });
});
