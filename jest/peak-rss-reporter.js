/* global require, module, process */
/**
 * Reports the peak RSS of the largest test process of a jest run (a worker, or the jest
 * process itself with --runInBand), from what peak-rss-probe.ts logged after each test file.
 * Prints one line; with JEST_PEAK_RSS_OUTPUT set, also writes the figures per process and per
 * file there as JSON (.ci/run shows the largest in its summary).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

class PeakRssReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "jest-peak-rss-")), "log.ndjson");
    // Workers inherit the environment of the jest process, which creates them after this.
    process.env.JEST_PEAK_RSS_LOG = this.log;
  }

  onRunComplete() {
    const lines = fs.existsSync(this.log)
      ? fs.readFileSync(this.log, "utf8").trim().split("\n").filter(Boolean).map(JSON.parse)
      : [];
    fs.rmSync(path.dirname(this.log), { recursive: true, force: true });
    const byPid = new Map();
    for (const line of lines) {
      const known = byPid.get(line.pid) ?? { pid: line.pid, maxRssMb: 0, files: 0, grewMost: null };
      const growth = line.maxRssMb - known.maxRssMb;
      if (!known.grewMost || growth > known.grewMost.mb)
        known.grewMost = { test: path.relative(this.rootDir, line.test), mb: growth };
      known.maxRssMb = Math.max(known.maxRssMb, line.maxRssMb);
      known.files += 1;
      byPid.set(line.pid, known);
    }
    // The jest process itself: the test process when in band, else the one running the workers.
    if (!byPid.has(process.pid)) {
      const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
      byPid.set(process.pid, { pid: process.pid, maxRssMb, files: 0, grewMost: null });
    }
    const processes = [...byPid.values()].sort((a, b) => b.maxRssMb - a.maxRssMb);
    const largest = processes[0];
    const others = processes
      .slice(1)
      .map((p) => p.maxRssMb)
      .join(", ");
    const step = largest.grewMost
      ? ` (largest step: ${largest.grewMost.test}, +${largest.grewMost.mb} MiB)`
      : "";
    process.stderr.write(
      `Peak RSS of the largest test process: ${largest.maxRssMb} MiB over ${largest.files} test files` +
        `${step}${others ? `; other processes of the run: ${others} MiB` : ""}\n`,
    );
    const output = process.env.JEST_PEAK_RSS_OUTPUT;
    if (output)
      fs.writeFileSync(
        output,
        `${JSON.stringify({ largest, processes, files: lines }, null, 1)}\n`,
      );
  }
}

module.exports = PeakRssReporter;
