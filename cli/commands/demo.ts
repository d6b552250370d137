import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../../config/project-root";
import type { Day2Io } from "../day2/io";
import { EXIT } from "../day2/exit-codes";
import { loadDemoEntry } from "./demo-loader";

/**
 * `demo`: runs `demo/run-demo.ts` of the checkout. The stand-ins it starts are test code
 * (test/support, the day-2 test harness) and their packages are devDependencies, so neither
 * ships in dist/: they are loaded from the checkout at run time (./demo-loader), and the demo
 * refuses clearly where they are absent (an installed package, or a checkout without `npm ci`).
 */

export const DEMO_ENTRY = path.join("demo", "run-demo.ts");

/** Packages the stand-ins need (devDependencies, installed by `npm ci`). */
const STAND_IN_PACKAGES = ["@duckdb/node-api", "thrift", "selfsigned", "apache-arrow"];

/** Why the demo cannot run from `checkout`, or undefined when it can. */
export function demoUnavailable(checkout: string): string | undefined {
  const entry = path.join(checkout, DEMO_ENTRY);
  if (!fs.existsSync(entry) || !fs.existsSync(path.join(checkout, "test", "support"))) {
    return (
      `the demo's local stand-ins are not here (no ${entry} or test/support/): they are test ` +
      "code and are not part of an installed package. Run the demo from a clone of the " +
      "repository: git clone ...; npm ci; npx model-monitoring demo"
    );
  }
  // Where npm ci puts them (by file: some of them do not export their package.json).
  const missing = STAND_IN_PACKAGES.filter(
    (name) => !fs.existsSync(path.join(checkout, "node_modules", name, "package.json")),
  );
  if (missing.length > 0) {
    return (
      `the demo's local stand-ins need the devDependencies ${missing.join(", ")}, which are ` +
      `not installed in ${checkout}: run npm ci there (not npm ci --omit=dev)`
    );
  }
  return undefined;
}

export async function demo(io: Day2Io, checkout: string = projectRoot()): Promise<number> {
  const problem = demoUnavailable(checkout);
  if (problem !== undefined) {
    io.stderr.write(`error: ${problem}\n`);
    return EXIT.unusable;
  }
  // The folder this CLI runs from: dist/ when built, the checkout when run from the sources.
  const runningRoot = path.resolve(__dirname, "..", "..");
  const { runDemo } = loadDemoEntry(checkout, DEMO_ENTRY, runningRoot) as {
    runDemo(io: Day2Io): Promise<number>;
  };
  return runDemo(io);
}
