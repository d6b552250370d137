import type { ErrorOutput } from "../../../cli/day2/json-output";
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { startDay2Harness, type Day2Harness } from "./support/harness";
import { DRIFTING, fraudModel, seedModel } from "./support/scenarios";
import { generateOutputSchemas, outputSchemaText } from "../../../cli/day2/json-schemas";
import { REPO_ROOT } from "../../helpers/fixture-project";

/**
 * The --json output of every command, for passing and failing runs and for runs that could not
 * start, checked against the JSON Schemas committed in cli/schemas/ (read from the files, turned
 * into validators with zod's JSON Schema reader, so the files themselves are what is tested).
 */

const SCHEMA_DIR = path.join(REPO_ROOT, "cli", "schemas");
const validator = (file: string) =>
  z.fromJSONSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")));

let h: Day2Harness;

beforeAll(async () => {
  h = await startDay2Harness({
    healthy: fraudModel(),
    drifting: fraudModel(),
    broken: fraudModel(),
  });
  await seedModel(h, "healthy");
  await seedModel(h, "drifting", { metrics: DRIFTING, payload: "stale", failureRate: 0.4 });
  await seedModel(h, "broken", {
    metrics: "missing",
    payload: "missing",
    processed: "wrong-schema",
    monitor: "fails-refresh",
  });
});
afterAll(() => h.close());

describe("JSON Schemas of the --json output", () => {
  it("are committed and up to date (regenerate: npm run build && node dist/cli/day2/json-schemas.js)", () => {
    for (const [file, schema] of Object.entries(generateOutputSchemas())) {
      const committed = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")) as unknown;
      expect({ file, schema: committed }).toEqual({
        file,
        schema: JSON.parse(outputSchemaText(schema)),
      });
    }
  });

  const CASES: Array<[string, string[], number]> = [
    ["validate-inference-table", ["-m", "healthy"], 0],
    ["validate-inference-table", [], 1],
    ["refresh-monitors", ["-m", "healthy", "--poll-interval", "0.02"], 0],
    ["refresh-monitors", ["--poll-interval", "0.02"], 1],
    ["analyze-drift", ["-m", "healthy"], 0],
    ["analyze-drift", ["--all-statistics"], 1],
    // The seeded windows are older than 7 days, and broken has no metric tables yet: nothing
    // in breach, and waiting for a first window is not a failure.
    ["analyze-drift", ["--since", "7d", "--thresholds-from", "config"], 0],
    ["check-thresholds", ["-m", "healthy"], 0],
    ["check-thresholds", [], 1],
  ];

  it.each(CASES)(
    "%s %j (exit %d): the output matches the command's schema",
    async (command, args, exitCode) => {
      const run = await h.run([command, "--stack", "dev", "--json", ...args]);
      expect(run.exitCode).toBe(exitCode);
      const result = validator(`${command}.schema.json`).safeParse(run.json());
      expect(result.error?.issues ?? []).toEqual([]);
    },
  );

  it("describes runs that could not start with error.schema.json", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev", "--json"], {
      env: { DATABRICKS_TOKEN: "dapi-wrong" },
    });
    expect(run.exitCode).toBe(2);
    expect(validator("error.schema.json").safeParse(run.json()).success).toBe(true);
    // The command schemas do not accept it: a reader can tell the two apart.
    expect(validator("analyze-drift.schema.json").safeParse(run.json()).success).toBe(false);
  });

  it.each([
    ["check-thresholds", "--severity", "fatal", /argument 'fatal' is invalid/],
    ["analyze-drift", "--no-such-option", "x", /unknown option '--no-such-option'/],
  ])(
    "%s: a command line commander refuses is error JSON on stdout with --json",
    async (command, option, value, message) => {
      const run = await h.run([command, "--stack", "dev", "--json", option, value]);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe("");
      const output = run.json<ErrorOutput>();
      expect(validator("error.schema.json").safeParse(output).success).toBe(true);
      expect(output).toMatchObject({ command, stack: "dev", error: { kind: "usage" } });
      expect(output.error.message).toMatch(message);
    },
  );

  it("keeps a refused command line on stderr without --json", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "--severity", "fatal"]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: option '--severity <level>' argument 'fatal' is invalid/);
  });

  it("would reject output that strays from the schema", async () => {
    const run = await h.run(["check-thresholds", "--stack", "dev", "--json", "-m", "healthy"]);
    const output = run.json<{ checks: Array<Record<string, unknown>> }>();
    const schema = validator("check-thresholds.schema.json");
    expect(
      schema.safeParse({ ...output, checks: [{ ...output.checks[0], status: "fine" }] }).success,
    ).toBe(false);
    expect(schema.safeParse({ ...output, extra: true }).success).toBe(false);
    expect(schema.safeParse({ ...output, evaluatedAt: "yesterday" }).success).toBe(false);
  });
});
