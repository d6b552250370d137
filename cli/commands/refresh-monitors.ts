import { formatTableName } from "../../core/names";
import { mapLimit } from "../day2/chunks";
import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import type { DatabricksApiError } from "../../databricks-client/errors";
import { EXIT } from "../day2/exit-codes";
import { fatalProblem } from "../day2/failures";
import { notConcludedError, type Unconcluded } from "../day2/not-concluded";
import { refreshOutput, type RefreshOutput } from "../day2/json-output";
import { jsonText } from "../day2/output";
import { progressLines, renderRefreshText } from "../day2/refresh/render-refresh";
import { startOrFollowRefresh } from "../day2/refresh/start-refresh";
import { waitForRefreshes, type TrackedRefresh } from "../day2/refresh/track-refreshes";

/**
 * `refresh-monitors`: starts a refresh of each model's quality monitor (or follows one already
 * under way), then waits for all of them with a live display of each model's state and elapsed
 * time, up to a timeout. Exit 1 when any refresh fails, times out or cannot start; the failure
 * message is Databricks' own.
 */

export interface RefreshOptions extends Day2Options {
  timeout: number;
  pollInterval: number;
  wait: boolean;
}

export async function refreshMonitors(run: Day2Run, options: RefreshOptions): Promise<Day2Result> {
  const client = run.connection.rest();
  const deadline = Date.now() + options.timeout * 1000;
  const tracked: TrackedRefresh[] = run.context.models.map((spec) => ({
    model: spec.name,
    table: formatTableName(spec.inference.processedTable),
    status: "started",
    refreshId: null,
    state: null,
    message: null,
    startedNew: false,
    startedAt: Date.now(),
  }));
  run.progress.show(() => progressLines(run.context.stack, tracked, deadline));
  const serverErrors: DatabricksApiError[] = [];
  const unconcluded: Unconcluded[] = [];

  // Every monitor is tried, whatever happens to the others.
  await mapLimit(tracked, 8, async (t) => {
    let outcome: Awaited<ReturnType<typeof startOrFollowRefresh>>;
    try {
      outcome = await startOrFollowRefresh(client, t.table);
    } catch (error) {
      if (fatalProblem(error) === undefined) throw error;
      unconcluded.push({
        part: `${t.model}: whether a refresh of ${t.table} started (run again: it follows one under way)`,
        error,
      });
      Object.assign(t, { status: "not-started", endedAt: Date.now() });
      return;
    }
    t.startedAt = Date.now();
    if (outcome.kind === "server-error") {
      serverErrors.push(outcome.error);
      const message = `Databricks failed on its side: ${outcome.error.message}`;
      Object.assign(t, { status: "not-started", message, endedAt: t.startedAt });
      return;
    }
    if (outcome.kind === "not-started") {
      Object.assign(t, { status: "not-started", message: outcome.message, endedAt: t.startedAt });
      return;
    }
    Object.assign(t, {
      refreshId: outcome.refresh.refresh_id,
      state: outcome.refresh.state,
      startedNew: outcome.startedNew,
    });
    run.progress.refresh();
  });
  // One monitor failing on Databricks' side is that model's failure; all of them failing means
  // the workspace is not answering, and nothing was refreshed: exit 2 like a connection error.
  if (serverErrors.length > 0 && serverErrors.length === tracked.length) throw serverErrors[0];
  if (unconcluded.length > 0) {
    throw notConcludedError(
      `${unconcluded.length} of ${tracked.length} monitor refreshes`,
      unconcluded,
      tracked.flatMap((t) => (t.refreshId === null ? [] : [startedNote(t)])),
    );
  }
  if (options.wait) {
    await waitForRefreshes(client, tracked, {
      deadline,
      pollIntervalMs: options.pollInterval * 1000,
      onRound: () => run.progress.refresh(),
    });
    // A refresh whose last status check failed at the timeout: its outcome is unknown.
    const unknown = tracked.filter((t) => t.status === "timed-out" && t.lastCheckError);
    if (unknown.length > 0) {
      throw notConcludedError(
        `the outcome of ${unknown.length} of ${tracked.length} monitor refreshes`,
        unknown.map((t) => ({
          part: `${t.model}: refresh ${t.refreshId} of ${t.table} (it keeps running in Databricks)`,
          error: t.lastCheckFailure,
        })),
        tracked.filter((t) => !unknown.includes(t)).map((t) => `${t.model}: ${t.status}`),
      );
    }
  }
  run.progress.clear();

  const summary = { succeeded: 0, failed: 0, "timed-out": 0, started: 0, "not-started": 0 };
  for (const t of tracked) summary[t.status] += 1;
  const failed = summary.failed + summary["timed-out"] + summary["not-started"] > 0;
  const exitCode = failed ? EXIT.failed : EXIT.ok;
  const now = Date.now();
  const output: RefreshOutput = {
    command: "refresh-monitors",
    stack: run.context.stack,
    ok: !failed,
    exitCode,
    waited: options.wait,
    timeoutSeconds: options.timeout,
    summary,
    models: tracked.map((t) => ({
      model: t.model,
      table: t.table,
      status: t.status,
      refreshId: t.refreshId,
      state: t.state,
      message: t.message,
      startedNew: t.startedNew,
      elapsedSeconds: Math.round((t.endedAt ?? now) - t.startedAt) / 1000,
    })),
  };
  return {
    exitCode,
    output: options.json ? jsonText(refreshOutput, output) : renderRefreshText(output, run.colour),
  };
}

function startedNote(t: TrackedRefresh): string {
  return `${t.model}: refresh ${t.refreshId} ${t.startedNew ? "started" : "already under way"}, keeps running in Databricks`;
}
