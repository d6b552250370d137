import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { BacktestOutput, BacktestSeverity } from "../../../cli/day2/backtest/output-schema";
import { REPO_ROOT } from "../../helpers/fixture-project";
import { startDay2Harness, type Day2Harness } from "./support/harness";
import { fraudModel, seedMetricHistory, seedModel } from "./support/scenarios";

/**
 * backtest over seeded metric histories: 7 daily windows ending yesterday, the template's
 * thresholds in the thresholds table (PSI on amount: warning > 0.1, critical > 0.25), with
 * known breaches (PSI 0.3 in window 2, 0.15 in window 4) and a window without PSI (window 5).
 */

const DAY = 86_400_000;
let h: Day2Harness;
const start = new Date(Math.floor(Date.now() / DAY) * DAY - 7 * DAY);
const windowStart = (index: number) => new Date(start.getTime() + index * DAY).toISOString();
const schema = z.fromJSONSchema(
  JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "cli", "schemas", "backtest.schema.json"), "utf8"),
  ),
);
const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=t", ...args], {
    cwd: h.root,
    stdio: "pipe",
  });
const PROPOSED =
  "thresholds:\n  - { column: amount, statistic: population_stability_index, value: 0.2, severity: warning }\n";

beforeAll(async () => {
  h = await startDay2Harness({ history: fraudModel(), fresh: fraudModel() });
  const spec = await seedModel(h, "history", { metrics: "missing" });
  await seedModel(h, "fresh", { metrics: "missing" });
  await seedMetricHistory(h, spec, {
    start,
    overrides: [
      { table: "drift", column: "amount", window: 2, values: { population_stability_index: 0.3 } },
      { table: "drift", column: "amount", window: 4, values: { population_stability_index: 0.15 } },
      { table: "drift", column: "amount", window: 5, values: { population_stability_index: null } },
    ],
  });
  fs.writeFileSync(path.join(h.root, "proposed.yaml"), PROPOSED);
  // A repository whose HEAD proposes the raised warning while the checkout keeps the template's.
  const modelFile = path.join(h.root, "models", "history.yaml");
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "base");
  fs.appendFileSync(modelFile, PROPOSED);
  git("commit", "-qam", "raise the PSI warning");
  git("checkout", "HEAD~1", "--", "models/history.yaml");
});
afterAll(() => h.close());
beforeEach(() => h.warehouse.counters.reset());

const severity = (output: BacktestOutput, name: string): BacktestSeverity => {
  const found = output.models[0]?.severities.find((s) => s.severity === name);
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
};
const fired = (s: BacktestSeverity, side: "current" | "proposed") =>
  s.windows.filter((w) => w[side]?.status === "fired").map((w) => w.windowStart);

describe("backtest", () => {
  it("replays current and proposed thresholds per window, reports missing statistics, in three statements", async () => {
    const run = await h.run([
      "backtest",
      "--stack",
      "dev",
      "-m",
      "history",
      "--days",
      "14",
      "--thresholds-from",
      "proposed.yaml",
      "--json",
    ]);
    expect(run.stderr).toBe("");
    const output = run.json<BacktestOutput>();
    expect((output as unknown as { error?: unknown }).error).toBeUndefined();
    expect(output.problems).toEqual([]);
    expect(output.models[0]?.message ?? null).toBeNull();
    expect(run.exitCode).toBe(0);
    expect(schema.safeParse(output).error?.issues ?? []).toEqual([]);
    expect(output.sqlStatements).toBe(3);
    expect(h.warehouse.counters.statementsExecuted).toBe(3);
    expect(output.thresholdChanges).toEqual([
      {
        model: "history",
        threshold: "amount/population_stability_index/CONSECUTIVE/warning",
        current: { comparator: ">", value: 0.1 },
        proposed: { comparator: ">", value: 0.2 },
      },
    ]);
    const warning = severity(output, "warning");
    expect(fired(warning, "current")).toEqual([windowStart(2), windowStart(4)]);
    expect(fired(warning, "proposed")).toEqual([windowStart(2)]);
    const two = warning.windows.find((w) => w.windowStart === windowStart(2));
    expect(two?.proposed?.breaches).toEqual([
      {
        column: "amount",
        statistic: "population_stability_index",
        checkType: "CONSECUTIVE",
        comparator: ">",
        threshold: 0.2,
        value: 0.3,
      },
    ]);
    // PSI absent in window 5, and no CONSECUTIVE drift in the first window: missing, not quiet.
    for (const index of [0, 5]) {
      const window = warning.windows.find((w) => w.windowStart === windowStart(index));
      expect(window?.current?.status).toBe("missing");
      expect(window?.current?.missing.map((r) => `${r.column} ${r.statistic}`)).toContain(
        "amount population_stability_index",
      );
    }
    expect(warning.current).toMatchObject({ fired: 2, perWeek: 1 });
    expect(warning.proposed).toMatchObject({ fired: 1, perWeek: 0.5 });
    expect(fired(severity(output, "critical"), "proposed")).toEqual([windowStart(2)]);
    expect(output.notReplayed).toEqual(["staleness_hours"]);
  });

  it("exits 1 when the proposed thresholds page more than --max-alerts-per-week", async () => {
    const base = ["backtest", "--stack", "dev", "-m", "history", "--days", "14", "--json"];
    const within = await h.run([
      ...base,
      "--thresholds-from",
      "proposed.yaml",
      "--max-alerts-per-week",
      "0.5",
    ]);
    expect(within.exitCode).toBe(0);
    // This checkout's thresholds (the template's) fire the warning twice in two weeks.
    const over = await h.run([...base, "--max-alerts-per-week", "0.5"]);
    expect(over.exitCode).toBe(1);
    expect(severity(over.json<BacktestOutput>(), "warning").overBudget).toBe(true);
  });

  it("reads the proposed thresholds at a git ref; a bad ref is a clear error", async () => {
    const run = await h.run([
      "backtest",
      "--stack",
      "dev",
      "-m",
      "history",
      "--days",
      "14",
      "--thresholds-from",
      "HEAD",
      "--json",
    ]);
    expect(run.exitCode).toBe(0);
    const output = run.json<BacktestOutput>();
    expect(output.proposed).toMatch(/^git ref HEAD \([0-9a-f]{12}\)$/);
    expect(fired(severity(output, "warning"), "proposed")).toEqual([windowStart(2)]);
    h.warehouse.counters.reset();
    const bad = await h.run(["backtest", "--stack", "dev", "--thresholds-from", "no-such-branch"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--thresholds-from no-such-branch: neither a file nor a git ref");
    expect(h.warehouse.counters.statementsExecuted).toBe(0);
  });

  it("names the file, the key and what is allowed when a thresholds file is wrong", async () => {
    fs.writeFileSync(path.join(h.root, "wrong.yaml"), "threshold: []\nmodels:\n  nope: {}\n");
    const run = await h.run(["backtest", "--stack", "dev", "--thresholds-from", "wrong.yaml"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      "wrong.yaml: threshold: unknown key; allowed: thresholds, thresholdDefaults, dataQuality, models",
    );
    expect(run.stderr).toContain("wrong.yaml: models.nope: not a selected model of the stack");
  });

  it("refuses a thresholds file over the configuration files' size or alias limits, before any statement", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f"].map(
        (k, i) => `${k}: &${k} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`,
      ),
      "thresholds: *f",
    ].join("\n");
    fs.writeFileSync(path.join(h.root, "bomb.yaml"), `${bomb}\n`);
    fs.writeFileSync(
      path.join(h.root, "huge.yaml"),
      `thresholds: []\n#${"x".repeat(1100 * 1024)}\n`,
    );
    h.warehouse.counters.reset();
    const aliases = await h.run(["backtest", "--stack", "dev", "--thresholds-from", "bomb.yaml"]);
    expect(aliases.exitCode).toBe(2);
    expect(aliases.stderr).toMatch(
      /--thresholds-from bomb\.yaml: refused: its aliases .* expand to more than 100,000 values/,
    );
    const size = await h.run(["backtest", "--stack", "dev", "--thresholds-from", "huge.yaml"]);
    expect(size.exitCode).toBe(2);
    expect(size.stderr).toMatch(
      /--thresholds-from huge\.yaml: refused: [\d,]+ bytes, more than the 1,048,576/,
    );
    expect(h.warehouse.counters.statementsExecuted).toBe(0);
  });

  it("cannot conclude on a budget for a model without metric tables (exit 2), and says why", async () => {
    const run = await h.run([
      "backtest",
      "--stack",
      "dev",
      "--days",
      "14",
      "--max-alerts-per-week",
      "5",
      "--json",
    ]);
    expect(run.exitCode).toBe(2);
    const output = run.json<BacktestOutput>();
    expect(schema.safeParse(output).error?.issues ?? []).toEqual([]);
    expect(output.models.find((m) => m.model === "fresh")).toMatchObject({ status: "no-metrics" });
    expect(output.sqlStatements).toBe(5);
  });

  it("prints Markdown a pull request can paste, configuration values escaped", async () => {
    const run = await h.run([
      "backtest",
      "--stack",
      "dev",
      "-m",
      "history",
      "--days",
      "14",
      "--thresholds-from",
      "proposed.yaml",
      "--markdown",
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("### Threshold backtest: stack `dev`");
    expect(run.stdout).toContain("amount/population\\_stability\\_index/CONSECUTIVE/warning");
    expect(run.stdout).toContain(
      "FIRED amount population\\_stability\\_index CONSECUTIVE: 0.3 > 0.2",
    );
    expect(run.stdout).not.toMatch(/[^\\]_stability/);
  });
});
