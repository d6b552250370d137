import { WAREHOUSE_ID } from "../support/harness";
import { fraudModel } from "../support/scenarios";
import {
  DEPLOYER,
  grantDeployerStack,
  lineOf,
  startPreflightWorld,
  type PreflightWorld,
} from "./support";

/**
 * warehouse, when CAN_USE is held through a nested group: the permission list names the outer
 * group, SCIM Me lists only the identity's direct group, so the list alone shows no CAN_USE.
 * A model reading the system table makes preflight send its one statement; that it ran proves
 * use, and the check passes saying so. Without any grant the warehouse refuses the statement.
 * Whether SCIM Me lists nested groups is UNCONFIRMED: the other side (scimMeGroups:
 * "transitive") passes from the list alone.
 */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fraud: fraudModel({ inference: { modelIdSource: "system_table" } }),
  });
  grantDeployerStack(w);
  w.workspace.strictness.warehousePermissionsReadableBy = "users";
  w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
  w.workspace.state.identities.seed({ name: DEPLOYER, groups: ["ml-team"] });
});
afterAll(() => w.close());

describe("preflight warehouse, CAN_USE through a nested group", () => {
  it("passes when the identity's statement ran, though the list shows no entry for it", async () => {
    w.workspace.state.identities.nestGroup("ml-team", "deployers");
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: "deployers",
      kind: "group",
      level: "CAN_USE",
    });
    const { output } = await w.asDeployer();
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "pass",
      source: "sql",
      detail: expect.stringContaining(
        "not on its permission list, but it ran a statement of the identity",
      ),
    });
    expect(output.sqlStatements).toBe(1);
  });

  it("passes from the permission list when SCIM Me also lists nested groups (the other side)", async () => {
    w.workspace.strictness.scimMeGroups = "transitive";
    try {
      const { output } = await w.asDeployer();
      expect(lineOf(output, "warehouse")).toMatchObject({
        status: "pass",
        detail: expect.stringContaining("the identity holds CAN_USE through group deployers"),
      });
      expect(lineOf(output, "warehouse").source).not.toBe("sql");
    } finally {
      w.workspace.strictness.scimMeGroups = "direct";
    }
  });

  it("fails when no group holds CAN_USE and the warehouse refuses the statement", async () => {
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, "deployers");
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_VIEW",
    });
    const { exitCode, output } = await w.asDeployer();
    expect(exitCode).toBe(1);
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("holds no CAN_USE"),
    });
  });
});
