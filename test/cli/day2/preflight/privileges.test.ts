import { fraudModel } from "../support/scenarios";
import {
  DEPLOYER,
  grantDeployerStack,
  lineOf,
  linesOf,
  startPreflightWorld,
  type PreflightWorld,
} from "./support";

/**
 * privileges: what `pulumi up` needs on each catalog, schema and registered model, from owners
 * and effective permissions in the fake workspace's grant store, for a deployer who owns nothing.
 */

const EFFECTIVE = "/api/2.1/unity-catalog/effective-permissions/**";

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({ fraud: fraudModel(), other: fraudModel() });
});
afterAll(() => w.close());
afterEach(() => {
  for (const [type, name] of [
    ["catalog", "ml_dev"],
    ["catalog", "ml"],
    ["schema", "ml_dev.inference"],
    ["schema", "ml_dev.monitoring"],
    ["schema", "ml.models"],
    ["function", "ml.models.fraud"],
  ] as const) {
    w.workspace.state.grants.revokeAll(type, name, DEPLOYER);
    w.workspace.state.grants.revokeAll(type, name, "deployers");
  }
  w.workspace.state.identities.removeFromGroup(DEPLOYER, "deployers");
  w.workspace.state.access.clearDenials();
  w.workspace.strictness.effectivePermissionsGroups = "direct";
});

describe("preflight privileges", () => {
  it("passes the owner of everything without asking for effective permissions", async () => {
    w.workspace.requests.clear();
    const { output } = await w.preflight();
    expect(linesOf(output, "privileges").every((l) => l.status === "pass")).toBe(true);
    expect(w.workspace.requests.count({ path: EFFECTIVE })).toBe(0);
  });

  it("fails each missing privilege with why it is needed and the GRANT that fixes it", async () => {
    const { exitCode, output } = await w.asDeployer();
    expect(exitCode).toBe(1);
    expect(lineOf(output, "privileges", { subject: "catalog ml_dev" })).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("lacks USE CATALOG"),
      fix: `GRANT USE CATALOG ON CATALOG \`ml_dev\` TO \`${DEPLOYER}\``,
    });
    const inference = lineOf(output, "privileges", { subject: "schema ml_dev.inference" });
    expect(inference.detail).toMatch(
      /lacks CREATE TABLE, USE SCHEMA, needed for: .*SqlTable creates <prefix>_processed.*\(fraud, other\)/,
    );
    expect(inference.detail).toMatch(/AI Gateway inference table/);
    expect(inference.fix).toBe(
      `GRANT CREATE TABLE, USE SCHEMA ON SCHEMA \`ml_dev\`.\`inference\` TO \`${DEPLOYER}\``,
    );
    // Without EXECUTE the model is not even listed: the registered-model check says so.
    expect(lineOf(output, "registered-model", { model: "fraud" })).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("or the identity may not see it: owner or EXECUTE needed"),
      fix: expect.stringContaining("grant EXECUTE on it"),
    });
  });

  it("passes grants on the catalog and schemas, with EXECUTE on the model's schema covering the model", async () => {
    grantDeployerStack(w);
    w.workspace.requests.clear();
    const { output } = await w.asDeployer();
    expect(linesOf(output, "privileges").map((l) => [l.subject, l.status])).toEqual(
      expect.arrayContaining([
        ["catalog ml_dev", "pass"],
        ["schema ml_dev.inference", "pass"],
        ["registered model ml.models.fraud", "pass"],
      ]),
    );
    expect(linesOf(output, "privileges").filter((l) => l.status !== "pass")).toEqual([]);
    // Catalogs and schemas only: the model is covered by its schema's grant.
    expect(w.workspace.requests.count({ path: EFFECTIVE })).toBe(5);
  });

  it.each(["direct", "expanded"] as const)(
    "passes privileges held through a group (effectivePermissionsGroups %s)",
    async (groups) => {
      w.workspace.strictness.effectivePermissionsGroups = groups;
      w.workspace.state.identities.seed({ name: DEPLOYER, groups: ["deployers"] });
      const grants = w.workspace.state.grants;
      grants.grant("catalog", "ml_dev", "deployers", ["USE_CATALOG"]);
      grants.grant("schema", "ml_dev.inference", "deployers", ["ALL_PRIVILEGES"]);
      grants.grant("schema", "ml_dev.monitoring", "deployers", ["USE_SCHEMA", "CREATE_TABLE"]);
      grants.grant("catalog", "ml", "deployers", ["USE_CATALOG"]);
      grants.grant("schema", "ml.models", "deployers", ["USE_SCHEMA"]);
      grants.grant("function", "ml.models.fraud", "deployers", ["EXECUTE"]);
      const { output } = await w.asDeployer();
      expect(linesOf(output, "privileges").filter((l) => l.status !== "pass")).toEqual([]);
      // "direct": the group's own entry; "expanded": the deployer's entry lists it too.
      expect(lineOf(output, "privileges", { subject: "schema ml_dev.inference" }).detail).toMatch(
        groups === "direct" ? /granted to group deployers/ : /granted to (itself|group deployers)/,
      );
    },
  );

  it("is unknown (exit 2) where the effective permissions cannot be read", async () => {
    grantDeployerStack(w);
    w.workspace.state.grants.revokeAll("schema", "ml.models", DEPLOYER);
    w.workspace.state.grants.grant("schema", "ml.models", DEPLOYER, ["USE_SCHEMA"]);
    w.workspace.state.grants.grant("function", "ml.models.fraud", DEPLOYER, ["EXECUTE"]);
    w.workspace.state.access.deny({ path: `${EFFECTIVE.slice(0, -3)}/function/**` });
    const { exitCode, output } = await w.asDeployer();
    expect(lineOf(output, "privileges", { subject: "registered model" })).toMatchObject({
      status: "unknown",
      detail: expect.stringContaining("cannot be read"),
    });
    expect([exitCode, output.exitCode]).toEqual([2, 2]);
  });
});
