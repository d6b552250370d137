/** Jest runs the TypeScript sources directly; `npm run typecheck` does the type checking. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  // thrift (under @databricks/sql, and the local warehouse's server) requires an ESM-only uuid
  // that Jest cannot load before Node 24.9; uuid 11 (CommonJS) has the same parse/stringify.
  moduleNameMapper: { "^uuid$": require.resolve("uuid") },
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker whose heap holds more than this after a test file is replaced by a fresh one, so no
  // test process grows toward a standard runner's memory. Jest compares the heap, while the
  // target is RSS (under 1.5 GB) and RSS runs 0.4-0.7 GB above the heap here: 1 GB let
  // workers reach 1.46 GB; 700 MB kept them at 1.1-1.4 GB (2026-12-05); 600 MB for margin.
  workerIdleMemoryLimit: "600MB",
  // Replacing a worker spawns a fresh one; when that happens after the last test file, Jest's
  // end-of-run END reaches a process still starting up, and the default 500 ms before it is
  // killed ("A worker process has failed to exit gracefully") is too short for that start.
  workerGracefulExitTimeout: 5000,
  // Memory: Pulumi's inspector sessions are closed after each file (they kept every file's
  // modules alive); each test process logs its peak RSS, and the reporter prints the largest.
  // A green run prints its results only: a test that writes to the console fails.
  setupFilesAfterEnv: [
    "<rootDir>/test/helpers/quiet-console.ts",
    "<rootDir>/jest/close-inspector-sessions.ts",
    "<rootDir>/jest/peak-rss-probe.ts",
  ],
  reporters: ["default", "<rootDir>/jest/peak-rss-reporter.js"],
};
