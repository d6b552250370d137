import * as pulumi from "@pulumi/pulumi";
import * as v8 from "node:v8";

/**
 * The child side of bench:plan: runs one measured piece of work in this (fresh) process and
 * prints one JSON line, so peak RSS and heap belong to that work alone.
 */
export interface ChildResult {
  /** Wall time of the measured work, in the process (module loading excluded). */
  ms: number;
  resources: number;
  /** Peak resident set of the whole process (getrusage). */
  maxRssMb: number;
  /** Heap in use after a forced full GC at the end, holding what the work returned. */
  heapAfterGcMb: number | null;
  heapLimitMb: number;
}

const MB = 1024 * 1024;

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return gc !== undefined;
}

/** Both sides start timing from a collected heap, whatever they read before. */
export function startTimer(): () => number {
  collectGarbage();
  const started = performance.now();
  return () => performance.now() - started;
}

export async function runMeasured(
  work: () => Promise<{ ms: number; resources: number; keep?: unknown }>,
): Promise<void> {
  const { ms, resources, keep } = await work();
  let heapAfterGcMb: number | null = null;
  if (collectGarbage() && collectGarbage()) heapAfterGcMb = process.memoryUsage().heapUsed / MB;
  const result: ChildResult = {
    ms,
    resources,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    heapAfterGcMb,
    heapLimitMb: v8.getHeapStatistics().heap_size_limit / MB,
  };
  void keep;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** What the mock monitor holds per URN: the inputs it echoed, or a component's outputs. */
export function monitorStates(): Record<string, unknown> {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    resources?: Map<string, { state: unknown }>;
  };
  const states: Record<string, unknown> = {};
  for (const [urn, { state }] of monitor.resources ?? new Map()) {
    const struct = state as { toJavaScript?: () => unknown };
    states[urn] = typeof struct?.toJavaScript === "function" ? struct.toJavaScript() : state;
  }
  return states;
}

export function fail(error: unknown): void {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
