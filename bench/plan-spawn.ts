import { spawn } from "node:child_process";
import * as fs from "node:fs";
import type { ChildResult } from "./plan-child";

/**
 * Runs one bench:plan child in a fresh Node process and tells how it ended. A child that does
 * not finish still has a peak RSS: the kernel's high-water mark, read while it runs (Linux).
 */

export type ChildOutcome =
  | ({ ok: true } & ChildResult)
  | { ok: false; reason: string; maxRssMb: number | null; detail: string };

function highWaterMarkMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

function reasonFor(code: number | null, signal: string | null, stderr: string): string {
  if (/heap out of memory|Reached heap limit|Allocation failed/i.test(stderr))
    return "did not finish (OOM)";
  if (signal === "SIGKILL") return "did not finish (killed: SIGKILL, the system's OOM killer?)";
  if (signal) return `did not finish (${signal})`;
  return `failed (exit ${code})`;
}

export function runChild(
  script: string,
  args: string[],
  nodeFlags: string[],
  timeoutSeconds: number,
): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let peak: number | null = null;
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on(
      "data",
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20000)),
    );
    const poll = setInterval(() => {
      if (child.pid !== undefined) peak = highWaterMarkMb(child.pid) ?? peak;
    }, 200);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutSeconds * 1000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code === 0 && last.startsWith("{")) {
        resolve({ ok: true, ...(JSON.parse(last) as ChildResult) });
        return;
      }
      resolve({
        ok: false,
        reason: timedOut
          ? `did not finish (over ${timeoutSeconds} s)`
          : reasonFor(code, signal, stderr),
        maxRssMb: peak,
        detail: stderr.trim().split("\n").slice(-12).join("\n"),
      });
    });
  });
}
