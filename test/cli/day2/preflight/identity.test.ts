import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/** identity: who the credentials are, over the wire to the fake workspace's SCIM Me. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({ fraud: fraudModel() });
});
afterAll(() => w.close());

describe("preflight identity", () => {
  it("passes a user with its groups, and reads the rest of the workspace", async () => {
    w.workspace.state.identities.seed({ name: w.workspace.userName, groups: ["ml-platform"] });
    const { exitCode, output } = await w.preflight();
    expect(exitCode).toBe(0);
    expect(output.identity).toEqual({
      userName: w.workspace.userName,
      kind: "user",
      displayName: "fake-user",
      groups: ["ml-platform"],
    });
    expect(lineOf(output, "identity")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("groups ml-platform; host reachable, TLS trusted"),
    });
    expect(output.checks.length).toBeGreaterThan(10);
  });

  it("tells a service principal (OAuth M2M) from a user", async () => {
    const { output } = await w.preflight([], {
      env: {
        DATABRICKS_TOKEN: undefined,
        DATABRICKS_CLIENT_ID: w.workspace.clientId,
        DATABRICKS_CLIENT_SECRET: w.workspace.clientSecret,
      },
    });
    expect(output.identity).toMatchObject({
      kind: "service-principal",
      userName: w.workspace.clientId,
    });
  });

  it("fails refused credentials with what to fix, and checks nothing else", async () => {
    const { exitCode, output } = await w.preflight([], { env: { DATABRICKS_TOKEN: "dapi-wrong" } });
    expect(exitCode).toBe(1);
    expect(output.identity).toBeNull();
    expect(output.checks.map((c) => [c.check, c.status])).toEqual([["identity", "fail"]]);
    expect(output.checks[0]?.detail).toMatch(/credentials refused: .*401/);
    expect(output.checks[0]?.fix).toMatch(/environment variable DATABRICKS_TOKEN/);
  });

  it("fails an untrusted TLS certificate, naming the CA setting", async () => {
    const file = path.join(w.root, "Pulumi.dev.yaml");
    const original = fs.readFileSync(file, "utf8");
    const stack = yaml.load(original) as { config: Record<string, unknown> };
    delete stack.config["model-monitoring:caCertPath"];
    fs.writeFileSync(file, yaml.dump(stack));
    try {
      const { exitCode, output } = await w.preflight();
      expect(exitCode).toBe(1);
      expect(lineOf(output, "identity")).toMatchObject({
        status: "fail",
        detail: expect.stringMatching(/^TLS: /),
        fix: expect.stringContaining("caCertPath"),
      });
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});

describe("preflight identity in prod", () => {
  it("warns when a person, not a service principal, deploys prod", async () => {
    const prod = await startPreflightWorld(
      { fraud: fraudModel({ serving: { scaleToZero: false } }) },
      { environment: "prod" },
    );
    try {
      const { exitCode, output } = await prod.preflight(["--skip", "state"]);
      expect(lineOf(output, "identity")).toMatchObject({
        status: "warn",
        fix: expect.stringContaining("as a service principal"),
      });
      expect(exitCode).toBe(0);
    } finally {
      await prod.close();
    }
  });
});
