/**
 * Delayed work without timers. Stores schedule "at time T, do X"; before anything reads state,
 * the due tasks run in deadline order, each told the time it was due. Nothing keeps running
 * after close(), results do not depend on event-loop scheduling, and `settle()` can finish all
 * pending work at once.
 */
export interface ScheduledTask {
  readonly done: boolean;
  cancel(): void;
  /** Run now (if still pending), as if it had been due at the current time. */
  runNow(): void;
}

interface Entry {
  at: number;
  seq: number;
  run: (at: number) => void;
  done: boolean;
}

export class Timeline {
  private entries: Entry[] = [];
  private seq = 0;
  private running = false;

  constructor(private readonly clock: () => number) {}

  now(): number {
    return this.clock();
  }

  /** Schedules `run` for `delayMs` from now (from `from` when given, e.g. a chained step). */
  after(delayMs: number, run: (at: number) => void, from = this.now()): ScheduledTask {
    const entry: Entry = { at: from + Math.max(0, delayMs), seq: this.seq++, run, done: false };
    this.entries.push(entry);
    return {
      get done() {
        return entry.done;
      },
      cancel: () => {
        entry.done = true;
      },
      runNow: () => {
        this.execute(entry, Math.min(entry.at, this.now()));
        this.runDue();
      },
    };
  }

  /** Runs every task that is due, including tasks that those tasks schedule. */
  runDue(): void {
    this.drain((entry, now) => entry.at <= now);
  }

  /** Runs every pending task now, whatever its deadline. */
  settle(): void {
    this.drain(() => true);
  }

  private drain(isDue: (entry: Entry, now: number) => boolean): void {
    if (this.running) return; // a task that reads state must not re-enter
    this.running = true;
    try {
      for (;;) {
        const now = this.now();
        this.entries = this.entries.filter((entry) => !entry.done);
        const next = this.entries
          .filter((entry) => isDue(entry, now))
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (next === undefined) return;
        this.execute(next, Math.min(next.at, now));
      }
    } finally {
      this.running = false;
    }
  }

  private execute(entry: Entry, at: number): void {
    if (entry.done) return;
    entry.done = true;
    entry.run(at);
  }
}

/** A clock that moves only when told: pass `clock.now` as the fake's `clock` option. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}
