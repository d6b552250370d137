import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { noiseLines } from "../../scripts/quiet-test-output";
import { REPO_ROOT } from "../helpers/fixture-project";

/** A green test run prints its results only: the CI check of the output, and the console guard. */

const GREEN = `
> model-monitoring@0.1.0 test
> jest --ci --json --outputFile=.ci/jest-node20.json

PASS test/config/validation.test.ts
PASS \u001b[1mtest/plan/plan.test.ts\u001b[22m (9.115 s)
Test Suites: 87 passed, 87 total
Tests:       1369 passed, 1369 total
Snapshots:   0 total
Time:        509.399 s
Ran all test suites.
Test results written to: .ci/jest-node20.json
Peak RSS of the largest test process: 1210 MiB over 31 test files (largest step: test/plan/plan.test.ts, +312 MiB); other processes of the run: 980 MiB
`;

describe("the check of a test run's output", () => {
  it("passes the results of a green run", () => {
    expect(noiseLines(GREEN)).toEqual([]);
  });

  it.each([
    "(node:21686) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 exit listeners added to [process]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit",
    "A worker process has failed to exit gracefully and has been force exited. This is likely caused by tests leaking due to improper teardown.",
    "Jest did not exit one second after the test run has completed.",
    "  ● Console",
    "    console.log",
    "42 statements in 1.3 s",
  ])("reports %p", (line) => {
    expect(noiseLines(`${GREEN}${line}\n`)).toEqual([line]);
  });
});

describe("the console guard (test/helpers/quiet-console.ts)", () => {
  it("fails a test that writes to the console and passes one that spies on it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quiet-console-"));
    fs.writeFileSync(
      path.join(dir, "noisy.test.js"),
      `it("prints a figure", () => { console.log("figure:", 42); });
it("checks what it prints", () => {
  const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
  console.log("expected");
  expect(log).toHaveBeenCalledWith("expected");
  log.mockRestore();
});
it("stays quiet", () => { expect(1).toBe(1); });
`,
    );
    const config = {
      rootDir: dir,
      testEnvironment: "node",
      setupFilesAfterEnv: [path.join(REPO_ROOT, "test", "helpers", "quiet-console.ts")],
      transform: { "^.+\\.ts$": [require.resolve("ts-jest"), { diagnostics: false }] },
    };
    const result = spawnSync(
      process.execPath,
      [require.resolve("jest/bin/jest"), "--config", JSON.stringify(config), "--json", "--ci"],
      { cwd: dir, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } },
    );
    const report = JSON.parse(result.stdout) as {
      testResults: {
        assertionResults: { title: string; status: string; failureMessages: string[] }[];
      }[];
    };
    const tests = report.testResults[0]?.assertionResults ?? [];
    expect(tests.map((t) => [t.title, t.status])).toEqual([
      ["prints a figure", "failed"],
      ["checks what it prints", "passed"],
      ["stays quiet", "passed"],
    ]);
    expect(tests[0]?.failureMessages.join("\n")).toMatch(/wrote to the console[\s\S]*figure: 42/);
  }, 60_000);
});
