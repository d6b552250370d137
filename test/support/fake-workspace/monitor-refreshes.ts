import type { ScheduledTask, Timeline } from "./timeline";
import type { Timing } from "./timing";

export type RefreshState = "PENDING" | "RUNNING" | "SUCCESS" | "FAILED" | "CANCELED";

/** `MonitorRefreshInfo` (docs/databricks-api.md, quality monitors, refreshes). */
export interface MonitorRefreshInfo {
  refresh_id: number;
  state: RefreshState;
  trigger: "MANUAL" | "SCHEDULE";
  start_time_ms: number;
  end_time_ms?: number;
  message?: string;
}

interface RefreshRecord {
  info: MonitorRefreshInfo;
  failure?: string;
  task?: ScheduledTask;
}

/** GET …/refreshes returns at most this many, the most recent ones (docs/databricks-api.md, quality monitors, the API). */
const listedRefreshes = 25;

/**
 * UNCONFIRMED: the order of GET …/refreshes. The reference says only "the 25 most recent";
 * clients must not rely on an order, so the fake can answer either way.
 */
export type RefreshListOrder = "newest-first" | "oldest-first";

/**
 * The refreshes of one monitor: each goes PENDING -> RUNNING (after `timing.refreshPendingMs`)
 * -> SUCCESS or, when a failure was planned, FAILED (after `timing.refreshRunningMs`).
 */
export class MonitorRefreshes {
  /** Oldest first. */
  private readonly refreshes: RefreshRecord[] = [];

  constructor(
    private readonly timeline: Timeline,
    private readonly timing: Timing,
    private readonly onSuccess: () => void,
    /** Asked as a refresh ends: a failure message makes it FAILED (first-contact switches). */
    private readonly failureAtEnd: () => string | undefined = () => undefined,
  ) {}

  /** UNCONFIRMED: whether a refresh is refused while another one runs; here they just queue. */
  start(refreshId: number, trigger: "MANUAL" | "SCHEDULE", failure?: string): MonitorRefreshInfo {
    const refresh: RefreshRecord = {
      info: {
        refresh_id: refreshId,
        state: "PENDING",
        trigger,
        start_time_ms: this.timeline.now(),
      },
      ...(failure === undefined ? {} : { failure }),
    };
    this.refreshes.push(refresh);
    refresh.task = this.timeline.after(this.timing.refreshPendingMs, (runningAt) => {
      refresh.info.state = "RUNNING";
      refresh.task = this.timeline.after(
        this.timing.refreshRunningMs,
        (endAt) => this.finish(refresh, endAt),
        runningAt,
      );
    });
    return structuredClone(refresh.info);
  }

  /** The 25 most recent, in `order`. */
  list(order: RefreshListOrder = "newest-first"): MonitorRefreshInfo[] {
    const recent = this.refreshes.slice(-listedRefreshes);
    if (order === "newest-first") recent.reverse();
    return recent.map((refresh) => structuredClone(refresh.info));
  }

  find(refreshId: number): MonitorRefreshInfo | undefined {
    const refresh = this.record(refreshId);
    return refresh === undefined ? undefined : structuredClone(refresh.info);
  }

  /** False when there is no such refresh. ASSUMPTION: cancelling a finished one is a no-op. */
  cancel(refreshId: number): boolean {
    const refresh = this.record(refreshId);
    if (refresh === undefined) return false;
    if (refresh.info.state === "PENDING" || refresh.info.state === "RUNNING") {
      refresh.task?.cancel();
      refresh.info.state = "CANCELED";
      refresh.info.end_time_ms = this.timeline.now();
    }
    return true;
  }

  /** The monitor is gone: nothing of it may run any more. */
  stopAll(): void {
    for (const refresh of this.refreshes) refresh.task?.cancel();
  }

  private record(refreshId: number): RefreshRecord | undefined {
    return this.refreshes.find((refresh) => refresh.info.refresh_id === refreshId);
  }

  private finish(refresh: RefreshRecord, at: number): void {
    refresh.task = undefined;
    refresh.info.end_time_ms = at;
    const failure = refresh.failure ?? this.failureAtEnd();
    if (failure !== undefined) {
      refresh.info.state = "FAILED";
      refresh.info.message = failure;
      return;
    }
    refresh.info.state = "SUCCESS";
    this.onSuccess();
  }
}
