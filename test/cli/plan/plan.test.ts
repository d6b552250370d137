import { runPlan } from "../../../cli/plan/command";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { PLAN_COMMENT_MARKER } from "../../../cli/plan/render-markdown";
import { main } from "../../../cli/main";
import { REPO_ROOT, baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

describe("offline plan", () => {
  it("prints the resource tree, options, generated SQL (with --sql) and a summary for dev by default", async () => {
    const { exitCode, output } = await runPlan({ root: REPO_ROOT, sql: true });
    expect(exitCode).toBe(0);
    expect(output).toMatch(/^Stack dev: 3 model\(s\), \d+ resource\(s\), 0 protected/);
    expect(output).toMatch(
      /MonitoredModel {2}churn-classifier\n├─ ServingEndpoint {2}churn-classifier-endpoint/,
    );
    expect(output).toMatch(
      /databricks:QualityMonitor {2}churn-classifier-monitor {2}\[deleteBeforeReplace; replaceOnChanges: tableName/,
    );
    expect(output).toMatch(
      /served: champion=ml_dev\.models\.churn_classifier v<alias "champion": version resolved at deploy> 90%.*challenger=.* 10%/,
    );
    expect(output).toMatch(/served: champion=ml_dev\.models\.house_price_regressor v3 100%/);
    expect(output).toMatch(/after: churn-classifier-inference-processed/);
    expect(output).toMatch(
      /-- churn-classifier: scheduled refresh \(the job's SQL task\)\nMERGE INTO `ml_dev`\.`inference`\.`churn_classifier_processed`/,
    );
    expect(output).toMatch(
      /-- churn-classifier: thresholds table ml_dev\.monitoring\.drift_thresholds .*\nCREATE TABLE IF NOT EXISTS `ml_dev`\.`monitoring`\.`drift_thresholds`/,
    );
    expect(output).toMatch(
      /-- churn-classifier: alert script of the warning and critical AlertV2 \(parameters :model = churn-classifier, :severity = warning \| critical\)\nBEGIN\n {2}IF \(SELECT count\(\*\) FROM `ml_dev`\.`information_schema`\.`tables` WHERE .* THEN\n {4}WITH\n {4}thresholds AS/,
    );
    expect(output).toMatch(
      /rows: \d+: \d+ CONSECUTIVE critical, \d+ CONSECUTIVE warning, \d+ DATA_QUALITY warning/,
    );
    expect(output).toMatch(
      /note \(demand-forecaster\): forecasting is monitored as PROBLEM_TYPE_REGRESSION/,
    );
    expect(output).toMatch(/v<alias "champion": version resolved at deploy>/);
    expect(output).toMatch(
      /Summary:\n +6 {2}databricks:index\/alertV2:AlertV2\n +3 {2}databricks:index\/directory/,
    );
  });

  // Issue 11: what no update applies, and what refuses to overwrite data, is said in the plan.
  it("marks create-only inputs and the processed table's refusal to overwrite a table", async () => {
    const { output } = await runPlan({ root: REPO_ROOT, sql: false });
    expect(output).toMatch(
      /databricks:ModelServing {2}churn-classifier-endpoint {2}\[create-only, edits ignored: description;/,
    );
    expect(output).toMatch(
      /databricks:QualityMonitor {2}churn-classifier-monitor {2}\[.*create-only, edits ignored: skipBuiltinDashboard\]/,
    );
    expect(output).toMatch(/dashboard: built-in \(create-only\)/);
    expect(output).toMatch(
      /databricks:SqlTable {2}churn-classifier-inference-processed {2}\[beforeCreate: refuse-existing-table\]/,
    );
    expect(output).not.toMatch(/replaceOnChanges:[^\];]*(description|skipBuiltinDashboard)/);
  });

  it("leaves the SQL out on request", async () => {
    const { output } = await runPlan({ root: REPO_ROOT, sql: false });
    expect(output).not.toMatch(/MERGE INTO/);
  });

  it("gives JSON with inputs, dependencies and options per resource", async () => {
    const { exitCode, output } = await runPlan({ root: REPO_ROOT, stack: "prod", json: true });
    expect(exitCode).toBe(0);
    const plan = JSON.parse(output) as StackPlan;
    expect(plan).toMatchObject({ stack: "prod", ok: true, problems: [], summary: { models: 3 } });
    // Data tables, thresholds, registered models and experiments hold data or history.
    expect(plan.summary.protectedResources).toBe(12);
    const tables = plan.resources.filter((r) => r.type === "databricks:index/sqlTable:SqlTable");
    expect(tables.map((t) => t.options)).toEqual(
      tables.map((t) => ({
        protect: true,
        retainOnDelete: true,
        hooks: {
          beforeCreate: [
            `refuse-existing-table:${t.inputs.catalogName}.${t.inputs.schemaName}.${t.inputs.name}`,
          ],
        },
      })),
    );
    const permission = plan.resources.find(
      (r) =>
        r.type === "databricks:index/permissions:Permissions" && "servingEndpointId" in r.inputs,
    );
    // Preview: the endpoint id comes from Databricks, and the plan says so.
    expect(permission?.inputs.servingEndpointId).toBe("(known after apply)");
  });

  it("plans every stack with --all and renders Markdown for a PR comment", async () => {
    const { exitCode, output } = await runPlan({ root: REPO_ROOT, all: true, markdown: true });
    expect(exitCode).toBe(0);
    expect(output.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    for (const stack of ["acc", "dev", "prod"])
      expect(output).toMatch(new RegExp(`### ✅ ${stack}: 3 model\\(s\\)`));
    expect(output).toMatch(/```sql\nCREATE TABLE IF NOT EXISTS/);
  });

  it("exits 1 and lists every configuration problem, planning nothing", async () => {
    const root = fixtureProject(
      {
        fraud: baseModel({ serving: { workloadSize: "Huge" } }),
        spam: baseModel({ registeredModel: "spam" }),
      },
      { dev: baseStack({ warehouseId: "nope" }) },
    );
    const { exitCode, output } = await runPlan({ root, stack: "dev" });
    expect(exitCode).toBe(1);
    expect(output).toMatch(/^Stack dev: 3 configuration problem\(s\); nothing would be deployed\./);
    expect(output).toMatch(
      /Pulumi\.dev\.yaml: model-monitoring:warehouseId: must be a SQL warehouse id/,
    );
    expect(output).toMatch(
      /models\/fraud\.yaml: serving\.workloadSize: expected one of "Small" \| "Medium" \| "Large", got "Huge"/,
    );
    expect(output).toMatch(/models\/spam\.yaml: registeredModel: must be a three-level name/);
  });

  it("fails --all when one stack is broken but still plans the others", async () => {
    const root = fixtureProject(
      { fraud: baseModel() },
      { dev: baseStack(), prod: baseStack({ catalog: "bad-name" }) },
    );
    const { exitCode, output } = await runPlan({ root, all: true, json: true });
    expect(exitCode).toBe(1);
    const plans = JSON.parse(output) as StackPlan[];
    expect(plans.map((p) => [p.stack, p.ok])).toEqual([
      ["dev", true],
      ["prod", false],
    ]);
  });

  it("prints each model's lineage (the stack output), unknowns marked, in text, JSON and Markdown", async () => {
    const text = await runPlan({ root: REPO_ROOT, stack: "prod", sql: false });
    expect(text.output).toMatch(
      /^lineage \(churn-classifier\):\n(?: {2}.*\n)*? {2}endpointName: churn-classifier-prod$/m,
    );
    expect(text.output).toMatch(
      /^ {2}processedTable: ml_prod\.inference\.churn_classifier_processed$/m,
    );
    expect(text.output).toMatch(/^ {2}experimentId: \(known after apply\)$/m);
    expect(text.output).toMatch(
      /^ {2}servedVersions: challenger=<alias "challenger": version resolved at deploy>/m,
    );

    const json = JSON.parse(
      (await runPlan({ root: REPO_ROOT, stack: "prod", json: true })).output,
    ) as StackPlan;
    const churn = json.models.find((m) => m.name === "churn-classifier");
    expect(churn?.lineage).toMatchObject({
      model: "churn-classifier",
      driftMetricsTable: "ml_prod.monitoring.churn_classifier_processed_drift_metrics",
      dashboardId: "(known after apply)",
    });

    // In Markdown the alias placeholder is escaped: GitHub would take <alias ...> for a tag.
    const markdown = await runPlan({ root: REPO_ROOT, stack: "prod", markdown: true, sql: false });
    expect(markdown.output).toMatch(
      /^\| churn-classifier \| churn-classifier-prod \| challenger=&lt;alias "challenger"/m,
    );
    expect(markdown.output).not.toMatch(/v<alias/);
  });

  it("names the known stacks when the stack file does not exist", async () => {
    const { exitCode, output } = await runPlan({ root: REPO_ROOT, stack: "staging" });
    expect(exitCode).toBe(1);
    expect(output).toMatch(/Pulumi\.staging\.yaml: no such stack file; stacks: acc, dev, prod/);
  });

  it("reports a value whose type contradicts its Pulumi.yaml declaration", async () => {
    const root = fixtureProject(
      { fraud: baseModel() },
      { dev: baseStack({ failureEmails: "team@example.com" }) },
    );
    const { exitCode, output } = await runPlan({ root, stack: "dev" });
    expect(exitCode).toBe(1);
    expect(output).toMatch(
      /model-monitoring:failureEmails: Pulumi\.yaml declares this key as array, got string/,
    );
  });

  it("fails like Pulumi when a key declared without a default is missing from the stack", async () => {
    const { warehouseId: _, ...withoutWarehouse } = baseStack();
    const root = fixtureProject({ fraud: baseModel() }, { dev: withoutWarehouse });
    const { exitCode, output } = await runPlan({ root, stack: "dev" });
    expect(exitCode).toBe(1);
    expect(output).toMatch(
      /Pulumi\.dev\.yaml: model-monitoring:warehouseId: missing: Pulumi\.yaml declares this key without a default/,
    );
  });

  it("plans every shipped stack although none sets the optional keys (environment, caCert, ...)", async () => {
    for (const stack of ["dev", "acc", "prod"]) {
      const { exitCode, output } = await runPlan({ root: REPO_ROOT, stack, sql: false });
      expect(output).not.toMatch(/missing: Pulumi\.yaml declares/);
      expect(exitCode).toBe(0);
    }
  });
});

describe("command line", () => {
  let written: string;
  let complained: string;
  beforeEach(() => {
    written = "";
    complained = "";
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written += String(chunk);
      return true;
    });
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      complained += String(chunk);
      return true;
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it("exits 2 on an unknown option or command", async () => {
    expect(await main(["node", "model-monitoring", "plan", "--stak", "dev"])).toBe(2);
    // On stderr, so that `plan --markdown > comment.md` never posts a usage error.
    expect(complained).toMatch(/unknown option '--stak'/);
    expect(written).toBe("");
    expect(await main(["node", "model-monitoring", "deploy"])).toBe(2);
    expect(complained).toMatch(/unknown command 'deploy'/);
  });

  it("passes the plan's exit code through", async () => {
    expect(
      await main(["node", "model-monitoring", "plan", "--stack", "staging", "--root", REPO_ROOT]),
    ).toBe(1);
    expect(
      await main([
        "node",
        "model-monitoring",
        "plan",
        "--stack",
        "acc",
        "--no-sql",
        "--root",
        REPO_ROOT,
      ]),
    ).toBe(0);
    expect(written).toMatch(/Stack acc: 3 model\(s\)/);
  });
});
