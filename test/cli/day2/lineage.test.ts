import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../../cli/main";
import { REPO_ROOT } from "../../helpers/fixture-project";

/** `lineage`: the stack output `models`, deployed (from pulumi stack output) or planned offline. */

async function run(args: string[]) {
  let stdout = "";
  let stderr = "";
  const exitCode = await main(["node", "model-monitoring", "lineage", ...args], {
    stdout: (text) => (stdout += text),
    stdoutIsTty: false,
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  });
  return { exitCode, stdout, stderr };
}

describe("lineage", () => {
  it("plans it offline when no stack output is given, marking what only Databricks knows", async () => {
    const { exitCode, stdout } = await run(["--stack", "prod", "--root", REPO_ROOT]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Stack prod \(offline plan: ids known after apply\)$/m);
    expect(stdout).toMatch(/^lineage \(churn-classifier\):$/m);
    expect(stdout).toMatch(/^ {2}processedTable: ml_prod\.inference\.churn_classifier_processed$/m);
    expect(stdout).toMatch(/^ {2}dashboardId: \(known after apply\)$/m);
  });

  it("prints the deployed values from `pulumi stack output models --json`, for the chosen models", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lineage-")), "models.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        churn: { endpointName: "churn-prod", servedVersions: { champion: "7" }, dashboardId: "d1" },
        fraud: { endpointName: "fraud-prod", servedVersions: { champion: "3" }, dashboardId: "d2" },
      }),
    );
    const { exitCode, stdout } = await run([
      "--stack",
      "prod",
      "--stack-output",
      file,
      "-m",
      "churn",
      "--json",
    ]);
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      command: "lineage",
      stack: "prod",
      source: "stack-output",
      models: {
        churn: { endpointName: "churn-prod", servedVersions: { champion: "7" }, dashboardId: "d1" },
      },
    });
  });

  it("exits 2 with the reason for an unreadable stack output or an unknown model", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lineage-"));
    const bad = path.join(dir, "bad.json");
    fs.writeFileSync(bad, JSON.stringify(["not", "a", "map"]));
    const wrong = await run(["--stack", "prod", "--stack-output", bad]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toMatch(
      /expected the stack output "models" \(model name -> lineage object\)/,
    );
    const missing = await run(["--stack", "prod", "--stack-output", path.join(dir, "none.json")]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/ENOENT/);
    const unknown = await run(["--stack", "prod", "--root", REPO_ROOT, "-m", "nope"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(
      /Unknown model\(s\) nope in stack prod; its models: churn-classifier/,
    );
  });
});
