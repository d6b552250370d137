import { WAREHOUSE_ID } from "../support/harness";
import { fraudModel } from "../support/scenarios";
import {
  DEPLOYER,
  grantDeployerStack,
  lineOf,
  startPreflightWorld,
  type PreflightWorld,
} from "./support";

/** warehouse: exists, its state, and whether the identity may use it. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({ fraud: fraudModel() });
  grantDeployerStack(w);
});
afterAll(() => w.close());
afterEach(() => {
  w.workspace.state.warehouses.setState(WAREHOUSE_ID, "RUNNING");
  w.workspace.strictness.warehousePermissionsReadableBy = "managers";
});

describe("preflight warehouse", () => {
  it("passes its creator from the permission list; the one statement is the alert-script probe", async () => {
    const { output } = await w.preflight();
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "pass",
      source: "rest",
      detail: "RUNNING (monitoring); the identity holds IS_OWNER",
    });
    expect(output.sqlStatements).toBe(1);
  });

  it("fails a warehouse id this workspace does not have", async () => {
    const { exitCode, output } = await w.preflight(["--warehouse-id", "feedfacefeedface"]);
    expect(exitCode).toBe(1);
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "fail",
      detail: "no such SQL warehouse in this workspace",
      fix: expect.stringContaining("model-monitoring:warehouseId"),
    });
  });

  it("fails a deleted warehouse, and says a stopped one starts on use", async () => {
    w.workspace.state.warehouses.setState(WAREHOUSE_ID, "DELETED");
    expect(lineOf((await w.preflight()).output, "warehouse").status).toBe("fail");
    w.workspace.state.warehouses.setState(WAREHOUSE_ID, "STOPPED");
    expect(lineOf((await w.preflight()).output, "warehouse")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("STOPPED (monitoring): it starts on the first statement"),
    });
  });

  it("fails an identity without CAN_USE whose permission list it may read", async () => {
    w.workspace.strictness.warehousePermissionsReadableBy = "users";
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
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
      fix: expect.stringContaining(`Grant ${DEPLOYER} CAN_USE`),
    });
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_USE",
    });
  });

  it("fails an identity the warehouse refuses a statement, when it may not read the permissions", async () => {
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_MONITOR",
    });
    const { exitCode, output } = await w.asDeployer();
    expect(exitCode).toBe(1);
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "fail",
      source: "sql",
      detail: expect.stringContaining("it refused a statement"),
    });
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_USE",
    });
  });

  it("passes CAN_USE held through a group", async () => {
    w.workspace.strictness.warehousePermissionsReadableBy = "users";
    w.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
    w.workspace.state.identities.seed({ name: DEPLOYER, groups: ["deployers"] });
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: "deployers",
      kind: "group",
      level: "CAN_USE",
    });
    const { output } = await w.asDeployer();
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "pass",
      detail: expect.stringContaining("CAN_USE through group deployers"),
    });
    w.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_USE",
    });
  });

  it("settles it with the statement it sends anyway when only managers may read the permission list", async () => {
    w.warehouse.counters.reset();
    const { output } = await w.asDeployer();
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "pass",
      source: "sql",
      detail: expect.stringContaining("it ran a statement of the identity"),
    });
    // The alert-script probe: no SELECT 1 besides it.
    expect(output.sqlStatements).toBe(1);
    expect(w.warehouse.counters.statements.map((s) => s.received)).toEqual([
      expect.stringMatching(/^BEGIN\n/),
    ]);
  });
});

/**
 * warehouse, when CAN_USE is held through a nested group: the permission list names the outer
 * group, SCIM Me lists only the identity's direct group, so the list alone shows no CAN_USE.
 * A model reading the system table makes preflight send its one statement; that it ran proves
 * use, and the check passes saying so. Without any grant the warehouse refuses the statement.
 * Whether SCIM Me lists nested groups is UNCONFIRMED: the other side (scimMeGroups:
 * "transitive") passes from the list alone.
 */
describe("preflight warehouse, CAN_USE through a nested group", () => {
  let nested: PreflightWorld;
  beforeAll(async () => {
    nested = await startPreflightWorld({
      fraud: fraudModel({ inference: { modelIdSource: "system_table" } }),
    });
    grantDeployerStack(nested);
    nested.workspace.strictness.warehousePermissionsReadableBy = "users";
    nested.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, DEPLOYER);
    nested.workspace.state.identities.seed({ name: DEPLOYER, groups: ["ml-team"] });
  });
  afterAll(() => nested.close());

  it("passes when the identity's statement ran, though the list shows no entry for it", async () => {
    nested.workspace.state.identities.nestGroup("ml-team", "deployers");
    nested.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: "deployers",
      kind: "group",
      level: "CAN_USE",
    });
    const { output } = await nested.asDeployer();
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "pass",
      source: "sql",
      detail: expect.stringContaining(
        "not on its permission list, but it ran a statement of the identity",
      ),
    });
    // The system-table read and the alert-script probe.
    expect(output.sqlStatements).toBe(2);
  });

  it("passes from the permission list when SCIM Me also lists nested groups (the other side)", async () => {
    nested.workspace.strictness.scimMeGroups = "transitive";
    try {
      const { output } = await nested.asDeployer();
      expect(lineOf(output, "warehouse")).toMatchObject({
        status: "pass",
        detail: expect.stringContaining("the identity holds CAN_USE through group deployers"),
      });
      expect(lineOf(output, "warehouse").source).not.toBe("sql");
    } finally {
      nested.workspace.strictness.scimMeGroups = "direct";
    }
  });

  it("fails when no group holds CAN_USE and the warehouse refuses the statement", async () => {
    nested.workspace.state.warehouses.revokeAll(WAREHOUSE_ID, "deployers");
    nested.workspace.state.warehouses.grant(WAREHOUSE_ID, {
      principal: DEPLOYER,
      kind: "user",
      level: "CAN_VIEW",
    });
    const { exitCode, output } = await nested.asDeployer();
    expect(exitCode).toBe(1);
    expect(lineOf(output, "warehouse")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("holds no CAN_USE"),
    });
  });
});
