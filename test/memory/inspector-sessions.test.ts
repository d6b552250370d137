import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The project's jest configuration closes the inspector sessions a test file opened when the
 * file ends. Pulumi's closure serializer (any dynamic resource) opens one per copy of the SDK,
 * that is per test file; left open, each kept its file's code alive and received every later
 * file's scripts: one test process reached 10 GB over the suite in band.
 */

const root = path.resolve(__dirname, "../..");

it("closes the inspector sessions Pulumi's closure serializer opened in a test file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jest-sessions-"));
  const config = path.join(dir, "jest.config.js");
  fs.writeFileSync(
    config,
    `module.exports = {
      ...require(${JSON.stringify(path.join(root, "jest.config.js"))}),
      rootDir: ${JSON.stringify(root)},
      roots: [${JSON.stringify(path.join(__dirname, "fixtures"))}],
      testMatch: ["**/*.fixture.ts"],
      reporters: ["default"],
    };`,
  );
  try {
    const run = spawnSync(
      process.execPath,
      [require.resolve("jest/bin/jest"), "--config", config, "--runInBand", "--ci"],
      { cwd: root, encoding: "utf8", env: { ...process.env, JEST_PEAK_RSS_LOG: "" } },
    );
    expect(run.stderr).toMatch(/Tests:\s+4 passed, 4 total/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
