import { startDay2Harness, type CliRun, type Day2Harness } from "../cli/day2/support/harness";
import { DRIFTING, fraudModel, seedModel } from "../cli/day2/support/scenarios";
import type {
  CheckOutput,
  DriftOutput,
  ErrorOutput,
  RefreshOutput,
  ValidateOutput,
} from "../../cli/day2/json-output";
import type { BacktestOutput } from "../../cli/day2/backtest/output-schema";

/**
 * The day-2 commands under the fault suite's faults (30% of requests to the workspace and the
 * warehouse: 429 with Retry-After, 503, resets before and after the request was applied, late
 * answers), with the harness's short retry budget (databricks:retryTimeoutSeconds 3), so that
 * some runs cannot finish. Each run's result is either the same as without faults, or exit 2
 * saying which parts could not be concluded (and which were), naming the root cause; never a
 * wrong verdict, a partial result presented as whole, a second monitor refresh or the token.
 *
 * Eleven models: check-thresholds needs two statements for their 22 alert queries, so a run
 * can stop between them. backtest replays the seeded metric history of all of them.
 */

const MODELS = Array.from({ length: 11 }, (_, i) => `m${String(i + 1).padStart(2, "0")}`);
/**
 * One of the fault suite's seeds (each command run costs seconds of retries; the lifecycle
 * suite runs three); FAULT_SEEDS=14,21 runs others.
 */
const SEEDS = (process.env.FAULT_SEEDS ?? "2").split(",").map(Number);

type Command = {
  name: string;
  args: string[];
  /** The parts of the output that must not change with faults. */
  essence(output: unknown): unknown;
};

const COMMANDS: Command[] = [
  {
    name: "validate-inference-table",
    args: [],
    essence: (o) =>
      (o as ValidateOutput).models.map((m) => ({
        model: m.model,
        verdict: m.verdict,
        checks: m.checks.map((c) => [c.check, c.status]),
      })),
  },
  {
    name: "analyze-drift",
    args: [],
    essence: (o) => {
      const d = o as DriftOutput;
      return { summary: d.summary, problems: d.problems, rows: d.rows };
    },
  },
  {
    name: "check-thresholds",
    args: [],
    essence: (o) => {
      const c = o as CheckOutput;
      return { summary: c.summary, checks: c.checks };
    },
  },
  {
    // The seeded metric windows start on 2025-01-01: --days reaches back to them.
    name: "backtest",
    args: ["--days", "1000"],
    essence: (o) => {
      const b = o as BacktestOutput;
      return {
        problems: b.problems,
        models: b.models.map((m) => ({
          model: m.model,
          status: m.status,
          severities: m.severities.map((s) => ({
            severity: s.severity,
            windows: s.windows.map((w) => [w.windowStart, w.current?.status, w.current?.breaches]),
          })),
        })),
      };
    },
  },
  {
    name: "refresh-monitors",
    args: ["--poll-interval", "0.05", "--timeout", "60"],
    essence: (o) => {
      const r = o as RefreshOutput;
      return { summary: r.summary, models: r.models.map((m) => [m.model, m.status, m.state]) };
    },
  },
];

let h: Day2Harness;
const reference = new Map<string, { exitCode: number; essence: unknown }>();

const runCommand = (command: Command): Promise<CliRun> =>
  h.run([command.name, "--stack", "dev", "--json", ...command.args]);

const refreshCounts = (): number[] =>
  MODELS.map((m) => h.workspace.state.monitors.refreshes(`ml_dev.inference.${m}_processed`).length);

beforeAll(async () => {
  h = await startDay2Harness(Object.fromEntries(MODELS.map((m) => [m, fraudModel()])));
  for (const [i, model] of MODELS.entries()) {
    await seedModel(
      h,
      model,
      i % 5 === 1
        ? { metrics: DRIFTING }
        : i % 5 === 3
          ? { payload: "stale", processed: "stale" }
          : {},
    );
  }
  for (const command of COMMANDS) {
    const run = await runCommand(command);
    reference.set(command.name, { exitCode: run.exitCode, essence: command.essence(run.json()) });
  }
}, 60_000);
afterAll(() => h.close());

it("replays a real history in backtest's reference run (the comparison is not vacuous)", () => {
  const essence = reference.get("backtest")?.essence as {
    models: { severities: { windows: [string, string | undefined, unknown][] }[] }[];
  };
  const statuses = essence.models.flatMap((m) =>
    m.severities.flatMap((s) => s.windows.map((w) => w[1])),
  );
  expect(statuses.length).toBeGreaterThan(11);
  expect(statuses).toContain("fired");
});

describe.each(SEEDS)("seed %i", (seed) => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    "%s: the result without faults, or exit 2 naming what could not be concluded",
    async (_name, command) => {
      const before = refreshCounts();
      h.workspace.faults.random({ seed, rate: 0.3, retryAfterSeconds: 1, delayMs: 1000 });
      h.warehouse.faults.random({
        seed: seed + 7919,
        rate: 0.3,
        retryAfterSeconds: 1,
        delayMs: 1000,
      });
      let run: CliRun;
      try {
        run = await runCommand(command);
      } finally {
        h.workspace.faults.clear();
        h.warehouse.faults.clear();
      }
      const expected = reference.get(command.name);
      if (run.exitCode === 2) {
        const { error } = run.json<ErrorOutput>();
        expect(error.kind).toBe("connection");
        // The root cause and what was retried, then each part left open and what was done.
        expect(error.message).toMatch(/\(gave up after \d+ attempts? in [\d.]+ s: .*failures: /);
        expect(error.message).toMatch(/\(not concluded: [^)]+\)$/);
        expect(error.details.some((line) => line.startsWith("not concluded: "))).toBe(true);
        expect(error.details.at(-1)).toMatch(/^concluded/);
      } else {
        expect({ exitCode: run.exitCode, essence: command.essence(run.json()) }).toEqual(expected);
      }
      expect(run.stdout + run.stderr).not.toContain(h.token);
      // However many answers were lost: at most one refresh per monitor and run.
      const started = refreshCounts().map((count, i) => count - (before[i] ?? 0));
      expect(started.every((n) => n <= 1)).toBe(true);
    },
  );
});

describe("a run that cannot finish says exactly what was and was not done", () => {
  afterEach(() => {
    h.workspace.faults.clear();
    h.warehouse.faults.clear();
  });

  it("check-thresholds: the second statement's alert queries, after the first's were evaluated", async () => {
    // The 22 alert queries go in two statements; the warehouse keeps ending the second one.
    h.warehouse.faults.cancelStatements({ match: "m11_", times: 1000 });
    const run = await h.run(["check-thresholds", "--stack", "dev", "--json"]);
    expect(run.exitCode).toBe(2);
    const { error } = run.json<ErrorOutput>();
    expect(error.message).toMatch(
      /^The SQL warehouse ended a statement without an answer \(CANCELED\): .*failures: statement ended CANCELED ×\d+\).* \(not concluded: 2 of 22 alert queries\)$/,
    );
    expect(error.details.slice(0, 2)).toEqual([
      "not concluded: m11 warning alert",
      "not concluded: m11 critical alert",
    ]);
    expect(error.details.at(-1)).toBe(
      `concluded: ${MODELS.slice(0, 10)
        .flatMap((m) => [`${m} warning alert`, `${m} critical alert`])
        .join("; ")}`,
    );
  });

  it("refresh-monitors: the monitor it could not start, and the refreshes it did start", async () => {
    h.workspace.faults.add({
      method: "POST",
      path: "/api/2.1/unity-catalog/tables/ml_dev.inference.m03_processed/monitor/refreshes",
      kind: 503,
      times: Infinity,
    });
    const run = await h.run(["refresh-monitors", "--stack", "dev", "-m", "m01,m02,m03", "--json"]);
    expect(run.exitCode).toBe(2);
    const { error } = run.json<ErrorOutput>();
    expect(error.message).toMatch(
      /^Databricks answered an error: POST .*m03_processed\/monitor\/refreshes: 503 .*retry budget of 3 s exhausted; failures: HTTP 503 ×\d+\) \(not concluded: 1 of 3 monitor refreshes\)$/,
    );
    expect(error.details[0]).toBe(
      "not concluded: m03: whether a refresh of ml_dev.inference.m03_processed started (run again: it follows one under way)",
    );
    expect(error.details[1]).toMatch(
      /^concluded: m01: refresh \d+ started, keeps running in Databricks; m02: refresh \d+ started, keeps running in Databricks$/,
    );
  });

  it("validate-inference-table: the model whose tables it could not look up", async () => {
    h.workspace.faults.add({
      path: "/api/2.1/unity-catalog/tables/ml_dev.inference.m02_payload",
      kind: "reset",
      times: Infinity,
    });
    const run = await h.run([
      "validate-inference-table",
      "--stack",
      "dev",
      "-m",
      "m01,m02",
      "--json",
    ]);
    expect(run.exitCode).toBe(2);
    const { error } = run.json<ErrorOutput>();
    expect(error.message).toMatch(
      /^Cannot reach Databricks: GET .*m02_payload: connection failed \(ECONNRESET\).*failures: connection reset ×\d+\) \(not concluded: the table look-ups of 1 of 2 model\(s\)\)$/,
    );
    expect(error.details).toEqual([
      "not concluded: m02: its tables in Unity Catalog",
      "concluded: m01: its tables looked up",
    ]);
  });
});
