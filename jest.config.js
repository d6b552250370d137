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
  // A worker that holds more than this after a test file is replaced by a fresh one: no test
  // process grows toward a standard runner's memory, and none is slow to exit at the end.
  workerIdleMemoryLimit: "1GB",
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
