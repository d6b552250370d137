import { runningInCi, type Day2Io } from "./io";

/**
 * Progress for slow steps, on stderr and only on a terminal: never with --json, in CI, or when
 * stderr is a pipe or file, so logs and machine output stay clean. The block of lines is drawn
 * in place and redrawn (for elapsed times) until cleared; results are printed after it is gone.
 */
export interface Progress {
  /** Shows these lines now and redraws them every half second until clear(). */
  show(lines: () => string[]): void;
  /** Redraws now (after a change worth showing at once). */
  refresh(): void;
  /** Shows "label … 1.2s" while `work` runs, then clears it. */
  task<T>(label: string, work: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createProgress(io: Day2Io, options: { json?: boolean }): Progress {
  const enabled = io.stderr.isTTY === true && !options.json && !runningInCi(io.env);
  return enabled ? new TerminalProgress(io.stderr) : silentProgress;
}

const silentProgress: Progress = {
  show: () => undefined,
  refresh: () => undefined,
  task: (_label, work) => work(),
  clear: () => undefined,
};

const REDRAW_MS = 500;
/** Cursor to the start of the line `n` lines up, then erase from there to the end of the screen. */
const rewind = (n: number): string => (n > 0 ? `\x1b[${n}F\x1b[0J` : "");

class TerminalProgress implements Progress {
  private lines?: () => string[];
  private drawn = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly out: { write(text: string): unknown }) {}

  show(lines: () => string[]): void {
    this.lines = lines;
    this.draw();
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.draw(), REDRAW_MS);
      this.timer.unref(); // never keeps the process alive
    }
  }

  refresh(): void {
    this.draw();
  }

  async task<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = Date.now();
    this.show(() => [`${label} … ${formatElapsed(Date.now() - started)}`]);
    try {
      return await work();
    } finally {
      this.clear();
    }
  }

  clear(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.lines = undefined;
    this.out.write(rewind(this.drawn));
    this.drawn = 0;
  }

  private draw(): void {
    if (this.lines === undefined) return;
    const lines = this.lines();
    this.out.write(rewind(this.drawn) + lines.map((line) => `${line}\n`).join(""));
    this.drawn = lines.length;
  }
}

/** 850 ms -> "0.9s", 75 s -> "1m15s". */
export function formatElapsed(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, "0")}s`;
}
