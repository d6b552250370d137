import { format } from "node:util";

/**
 * A green test run prints test results and nothing else (jest.config.js loads this file into
 * every test file). Whatever a test, or the code it runs, writes to the console fails that test
 * with the text, so noise is fixed where it starts: a test that expects output replaces the
 * method (`jest.spyOn(console, "log").mockImplementation(...)`) and asserts on it; figures
 * belong in a benchmark (bench/), which prints them.
 */

const METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

let written: string[] = [];

for (const method of METHODS) {
  console[method] = (...args: unknown[]) => {
    written.push(`console.${method}: ${format(...args)}`);
  };
}

function failOnOutput(where: string): void {
  const lines = written;
  written = [];
  if (lines.length > 0) {
    throw new Error(
      `${where} wrote to the console (a green run prints test results only):\n${lines.join("\n")}`,
    );
  }
}

afterEach(() => failOnOutput("this test"));
afterAll(() => failOnOutput("this file's hooks"));
