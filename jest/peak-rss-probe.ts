import * as fs from "node:fs";

/**
 * Runs in every test file (setupFilesAfterEnv): when it ends, appends the process's peak and
 * current RSS to the log that peak-rss-reporter.js names, so the reporter can tell the largest
 * test process of a run and trace a growing one to the files it ran.
 */
afterAll(() => {
  const log = process.env.JEST_PEAK_RSS_LOG;
  if (!log) return;
  const line = {
    pid: process.pid,
    test: expect.getState().testPath,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssMb: Math.round(process.memoryUsage().rss / 1048576),
  };
  fs.appendFileSync(log, `${JSON.stringify(line)}\n`);
});
