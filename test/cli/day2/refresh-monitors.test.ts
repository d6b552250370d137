import { startDay2Harness, visible, type Day2Harness } from "./support/harness";
import { fraudModel, seedModel } from "./support/scenarios";
import type { RefreshOutput } from "../../../cli/day2/json-output";

/**
 * refresh-monitors against the fake workspace: refreshes go PENDING -> RUNNING -> SUCCESS (or
 * FAILED with a message) on the fake's timeline; the command polls until all have ended.
 */

let h: Day2Harness;
const REFRESHES = "/api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes";
const FAST = ["--poll-interval", "0.02"];

beforeAll(async () => {
  h = await startDay2Harness({
    "model-a": fraudModel(),
    "model-b": fraudModel(),
    failing: fraudModel(),
    unmonitored: fraudModel(),
    broken: fraudModel(),
  });
  for (const model of ["model-a", "model-b", "failing"]) await seedModel(h, model);
  await seedModel(h, "unmonitored", { monitor: "missing" });
  h.workspace.state.monitors.failNextActivation(
    "ml_dev.inference.broken_processed",
    "Cannot create the monitor: table has no timestamp column (injected)",
  );
  await seedModel(h, "broken");
});
afterAll(() => h.close());
beforeEach(() => {
  h.workspace.requests.clear();
  h.workspace.timing.refreshRunningMs = 60;
});

/** refresh-monitors --json for these models, polling fast. */
const refreshJson = (models: string) =>
  h.run(["refresh-monitors", "--stack", "dev", "-m", models, "--json", ...FAST]);

const refreshPosts = () => h.workspace.requests.count({ method: "POST", path: REFRESHES });

describe("refresh-monitors", () => {
  it("refreshes every monitor, waits for all of them and exits 0", async () => {
    const run = await refreshJson("model-a,model-b");
    expect(run.exitCode).toBe(0);
    const output = run.json<RefreshOutput>();
    expect(output).toMatchObject({ ok: true, waited: true, summary: { succeeded: 2, failed: 0 } });
    for (const model of output.models) {
      expect(model).toMatchObject({
        status: "succeeded",
        state: "SUCCESS",
        startedNew: true,
        message: null,
      });
      const refresh = h.workspace.state.monitors.refresh(model.table, Number(model.refreshId));
      expect(refresh.state).toBe("SUCCESS");
    }
    expect(refreshPosts()).toBe(2);
  });

  it("exits 1 with Databricks' failure message when a refresh fails", async () => {
    h.workspace.state.monitors.failNextRefresh(
      "ml_dev.inference.failing_processed",
      "Out of memory while profiling (injected)",
    );
    const run = await refreshJson("failing,model-a");
    expect(run.exitCode).toBe(1);
    const output = run.json<RefreshOutput>();
    expect(output.models.find((m) => m.model === "failing")).toMatchObject({
      status: "failed",
      state: "FAILED",
      message: "Out of memory while profiling (injected)",
    });
    expect(output.models.find((m) => m.model === "model-a")?.status).toBe("succeeded");
  });

  it("starts nothing for a model without a monitor or with a broken one, and says why", async () => {
    const run = await refreshJson("unmonitored,broken");
    expect(run.exitCode).toBe(1);
    const [broken, unmonitored] = run.json<RefreshOutput>().models;
    expect(unmonitored).toMatchObject({ status: "not-started", refreshId: null });
    expect(unmonitored?.message).toMatch(
      /no quality monitor on ml_dev\.inference\.unmonitored_processed: deploy the stack/,
    );
    expect(broken?.message).toBe(
      "the monitor is MONITOR_STATUS_ERROR: Cannot create the monitor: table has no timestamp column (injected)",
    );
    expect(refreshPosts()).toBe(0);
  });

  it("follows a refresh already under way instead of queueing another", async () => {
    h.workspace.timing.refreshRunningMs = 400;
    const running = h.workspace.state.monitors.startRefresh("ml_dev.inference.model_a_processed");
    const run = await refreshJson("model-a");
    expect(run.exitCode).toBe(0);
    expect(run.json<RefreshOutput>().models[0]).toMatchObject({
      refreshId: String(running.refresh_id),
      startedNew: false,
      status: "succeeded",
    });
    expect(refreshPosts()).toBe(0);
  });

  it("records a monitor Databricks keeps failing on as that model's failure and refreshes the rest", async () => {
    h.workspace.faults.add({
      method: "POST",
      path: "/api/2.1/unity-catalog/tables/ml_dev.inference.model_b_processed/monitor/refreshes",
      kind: "error",
      status: 500,
      message: "monitor backend unavailable (injected)",
    });
    const run = await refreshJson("model-a,model-b");
    expect(run.exitCode).toBe(1);
    const output = run.json<RefreshOutput>();
    expect(output.models.find((m) => m.model === "model-a")?.status).toBe("succeeded");
    const failed = output.models.find((m) => m.model === "model-b");
    expect(failed).toMatchObject({ status: "not-started", refreshId: null });
    expect(failed?.message).toMatch(
      /^Databricks failed on its side: POST .*model_b_processed\/monitor\/refreshes: 500 INTERNAL_ERROR: monitor backend unavailable/,
    );
  });

  it("exits 2 when Databricks fails on its side for every monitor: nothing was refreshed", async () => {
    h.workspace.faults.add({
      method: "GET",
      path: "/api/2.1/unity-catalog/tables/{table_name}/monitor",
      kind: "error",
      status: 500,
      times: 2,
    });
    const run = await h.run(["refresh-monitors", "--stack", "dev", "-m", "model-a,model-b"]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: Databricks answered an error: GET .*: 500 INTERNAL_ERROR/);
    expect(refreshPosts()).toBe(0);
  });

  it("keeps following a refresh through failed status checks", async () => {
    h.workspace.timing.refreshRunningMs = 200;
    h.workspace.faults.add({
      method: "GET",
      path: "/api/2.1/unity-catalog/tables/{table_name}/monitor/refreshes/{refresh_id}",
      kind: "error",
      status: 500,
      times: 2,
    });
    const run = await refreshJson("model-a");
    expect(run.exitCode).toBe(0);
    expect(run.json<RefreshOutput>().models[0]).toMatchObject({
      status: "succeeded",
      message: null,
    });
    expect(h.workspace.faults.pending()).toEqual([]);
  });

  it("stops waiting at the timeout, exits 1 and leaves the refresh running", async () => {
    h.workspace.timing.refreshRunningMs = 60_000;
    const run = await h.run([
      "refresh-monitors",
      "--stack",
      "dev",
      "-m",
      "model-b",
      "--timeout",
      "1", // the floor: a shorter wait is refused
      "--json",
      ...FAST,
    ]);
    expect(run.exitCode).toBe(1);
    const [model] = run.json<RefreshOutput>().models;
    expect(model).toMatchObject({ status: "timed-out", state: "RUNNING" });
    expect(model?.message).toMatch(/keeps running in Databricks/);
    expect(
      h.workspace.state.monitors.refresh(model?.table as string, Number(model?.refreshId)).state,
    ).toBe("RUNNING");
    h.workspace.state.monitors.cancelRefresh(model?.table as string, Number(model?.refreshId));
  });

  it("only starts the refreshes with --no-wait", async () => {
    h.workspace.timing.refreshRunningMs = 60_000;
    const run = await h.run([
      "refresh-monitors",
      "--stack",
      "dev",
      "-m",
      "model-a",
      "--no-wait",
      "--json",
    ]);
    expect(run.exitCode).toBe(0);
    const [model] = run.json<RefreshOutput>().models;
    expect(model).toMatchObject({ status: "started", startedNew: true });
    h.workspace.state.monitors.cancelRefresh(model?.table as string, Number(model?.refreshId));
  });

  it("shows each model's state and elapsed time on a terminal while waiting", async () => {
    h.workspace.timing.refreshRunningMs = 300;
    const run = await h.run(
      ["refresh-monitors", "--stack", "dev", "-m", "model-a,model-b", ...FAST],
      { tty: true },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(
      /Refreshing the monitors of stack dev: 0\/2 done, timeout in \d+m\d\ds\n {2}model-a +(PENDING|RUNNING) +\d+\.\ds\n {2}model-b /,
    );
    expect(run.stderr).toMatch(/ {2}model-a +SUCCESS +\d+\.\ds/);
    // Redrawn in place, and cleared before the results are printed.
    expect(visible(run.stderr)).toMatch(/⎋\[3F⎋\[0J/);
    expect(visible(run.stderr).endsWith("⎋[3F⎋[0J")).toBe(true);
    expect(visible(run.stdout)).toMatch(/│ ⎋\[32mSUCCEEDED⎋\[39m │ model-a │/);
  });

  it("stays quiet on stderr with --json, in CI and when stderr is not a terminal", async () => {
    for (const [extra, options] of [
      [["--json"], { tty: true }],
      [[], { tty: true, env: { CI: "true" } }],
      [[], { tty: false }],
    ] as const) {
      const run = await h.run(
        ["refresh-monitors", "--stack", "dev", "-m", "model-a", ...FAST, ...extra],
        options,
      );
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toBe("");
    }
  });
});
