import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { startDay2Harness, visible, type Day2Harness } from "./support/harness";
import { fraudModel, seedModel } from "./support/scenarios";
import type { ErrorOutput } from "../../../cli/day2/json-output";

/** Exit 2 and a clear message whenever nothing could be checked: usage, config, connection, credentials. */

let h: Day2Harness;
let closedPort: number;

beforeAll(async () => {
  h = await startDay2Harness({ fraud: fraudModel() });
  await seedModel(h, "fraud");
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closedPort = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => h.close());

/** Another stack file next to dev, from dev's config with changes (undefined removes a key). */
function writeStack(stack: string, changes: Record<string, unknown>): void {
  const dev = yaml.load(fs.readFileSync(path.join(h.root, "Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const config: Record<string, unknown> = {
    ...dev.config,
    "model-monitoring:environment": "dev",
    ...changes,
  };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete config[key];
  fs.writeFileSync(path.join(h.root, `Pulumi.${stack}.yaml`), yaml.dump({ config }));
}

const COMMANDS = [
  ["analyze-drift"],
  ["check-thresholds"],
  ["validate-inference-table"],
  ["refresh-monitors", "--poll-interval", "0.02"],
];

describe("connection and credentials", () => {
  it.each(COMMANDS)(
    "%s: a host that refuses connections gives exit 2 and says so",
    async (...command) => {
      const run = await h.run([
        ...command,
        "--stack",
        "dev",
        "--host",
        `https://127.0.0.1:${closedPort}`,
      ]);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        /^error: Cannot reach (Databricks|the SQL warehouse): .*ECONNREFUSED/,
      );
    },
  );

  it.each(COMMANDS)(
    "%s: a wrong token gives exit 2, naming where the credentials came from",
    async (...command) => {
      const run = await h.run([...command, "--stack", "dev", "--json"], {
        env: { DATABRICKS_TOKEN: "dapi-wrong" },
      });
      expect(run.exitCode).toBe(2);
      const output = run.json<ErrorOutput>();
      expect(output).toMatchObject({
        command: command[0],
        stack: "dev",
        ok: false,
        exitCode: 2,
        error: { kind: "credentials" },
      });
      expect(output.error.message).toMatch(
        /refused the credentials: .*401.*\(credentials from environment variable DATABRICKS_TOKEN\)/,
      );
      expect(run.stdout).not.toMatch(/dapi-wrong/);
    },
  );

  it("a statement the warehouse canceled once is sent again, and the run completes", async () => {
    const before = h.warehouse.counters.statementsExecuted;
    h.warehouse.faults.cancelStatements({ match: "drift_metrics" });
    const run = await h.run(["analyze-drift", "--stack", "dev", "--json"]);
    expect(run.exitCode).not.toBe(2);
    // The thresholds read, the canceled metrics statement and the same statement again.
    expect(h.warehouse.counters.statementsExecuted - before).toBe(3);
    expect(h.warehouse.faults.pending).toBe(0);
  });

  it("a statement the warehouse keeps canceling ends the run with exit 2, without retrying it in parts", async () => {
    h.warehouse.faults.cancelStatements({ match: "drift_metrics", times: 1000 });
    const run = await h.run(["analyze-drift", "--stack", "dev", "--json"]);
    h.warehouse.faults.clear();
    expect(run.exitCode).toBe(2);
    const output = run.json<ErrorOutput>();
    expect(output.error.kind).toBe("connection");
    expect(output.error.message).toMatch(
      /^The SQL warehouse ended a statement without an answer \(CANCELED\): statement ended CANCELED: .*failures: statement ended CANCELED ×\d+\)\. .* \(not concluded: the drift statistics of \d+ model\(s\)\)$/,
    );
    expect(output.error.details.at(-1)).toBe("concluded: the deployed thresholds of every model");
    // Sent again as a whole, never split into parts.
    const canceled = h.warehouse.counters.statements.filter((s) => s.state === "canceled");
    expect(new Set(canceled.map((s) => s.received)).size).toBe(1);
  });

  it("an untrusted certificate gives exit 2 and points at model-monitoring:caCertPath", async () => {
    writeStack("no-ca", { "model-monitoring:caCertPath": undefined });
    const run = await h.run(["refresh-monitors", "--stack", "no-ca"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /certificate is not trusted: for a private CA set model-monitoring:caCertPath/,
    );
  });

  it("an encrypted token is not readable outside Pulumi: exit 2 with how to pass it", async () => {
    writeStack("secure", { "databricks:token": { secure: "v1:abcdef" } });
    const run = await h.run(["analyze-drift", "--stack", "secure"], {
      env: { DATABRICKS_TOKEN: undefined },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: No Databricks credentials/);
    expect(run.stderr).toMatch(
      /databricks:token is encrypted in Pulumi\.secure\.yaml and cannot be read here: set DATABRICKS_TOKEN, e\.g\. DATABRICKS_TOKEN="\$\(pulumi config get databricks:token --stack secure\)"/,
    );
    // With the environment variable, the same stack works.
    expect((await h.run(["analyze-drift", "--stack", "secure"])).exitCode).toBe(0);
  });
});

describe("usage and configuration", () => {
  it("lists every configuration problem with exit 2", async () => {
    writeStack("broken-config", {
      "model-monitoring:warehouseId": "nope",
      "model-monitoring:catalog": "bad name",
    });
    const run = await h.run(["check-thresholds", "--stack", "broken-config", "--json"]);
    expect(run.exitCode).toBe(2);
    const output = run.json<ErrorOutput>();
    expect(output.error).toMatchObject({
      kind: "config",
      message: "2 configuration problem(s) in stack broken-config",
    });
    expect(output.error.details.join("\n")).toMatch(
      /model-monitoring:warehouseId: must be a SQL warehouse id/,
    );
  });

  it("names the stacks there are when the stack file is missing", async () => {
    const run = await h.run(["analyze-drift", "--stack", "nope"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/Pulumi\.nope\.yaml: no such stack file; stacks: .*dev/);
  });

  it("names the models there are for an unknown --model", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev", "--model", "fraud,spam"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe("error: Unknown model(s) spam in stack dev; its models: fraud\n");
  });

  it("requires --stack and rejects bad option values", async () => {
    expect((await h.run(["analyze-drift"])).exitCode).toBe(2);
    expect(
      (await h.run(["refresh-monitors", "--stack", "dev", "--timeout", "soon"])).exitCode,
    ).toBe(2);
    expect(
      (await h.run(["analyze-drift", "--stack", "dev", "--since", "last tuesday"])).exitCode,
    ).toBe(2);
    expect(
      (await h.run(["check-thresholds", "--stack", "dev", "--severity", "fatal"])).exitCode,
    ).toBe(2);
    expect(
      (await h.run(["validate-inference-table", "--stack", "dev", "--days", "5000"])).exitCode,
    ).toBe(2);
  });

  it("documents the connection settings and exit codes in --help", async () => {
    const run = await h.run(["check-thresholds", "--help"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/pulumi config get databricks:token --stack dev/);
    expect(run.stdout).toMatch(
      /Exit codes: 0 all good, 1 a check failed or a threshold is breached/,
    );
  });
});

describe("progress of slow SQL steps", () => {
  it("shows the step with its elapsed time on a terminal, then clears it", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev"], { tty: true });
    expect(run.exitCode).toBe(0);
    expect(visible(run.stderr)).toMatch(
      /^Reading the thresholds table … 0\.\ds\n⎋\[1F⎋\[0JReading the drift metrics of 1 model\(s\) … /,
    );
    expect(visible(run.stderr).endsWith("⎋[1F⎋[0J")).toBe(true);
  });

  it("is silent with --json even on a terminal", async () => {
    const run = await h.run(["analyze-drift", "--stack", "dev", "--json"], { tty: true });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toMatchObject({ command: "analyze-drift", ok: true });
  });
});

describe("overrides", () => {
  it("--warehouse-id replaces the stack's warehouse: an unknown one gives exit 2", async () => {
    const run = await h.run([
      "analyze-drift",
      "--stack",
      "dev",
      "--warehouse-id",
      "ffffffffffffffff",
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /^error: Cannot reach the SQL warehouse: SQL on warehouse ffffffffffffffff failed: .*404 \(no such warehouse here: check --warehouse-id/,
    );
  });
});
