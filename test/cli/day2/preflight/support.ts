import {
  startDay2Harness,
  WAREHOUSE_ID,
  type Day2Harness,
  type RunOptions,
} from "../support/harness";
import type { FakeWorkspaceOptions } from "../../../support/fake-workspace";
import type { PreflightCheck, PreflightOutput } from "../../../../cli/day2/preflight/output-schema";

/**
 * A workspace ready for `pulumi up` of the given models, as both stand-ins hold it: the
 * harness's catalog ml_dev with its inference and monitoring schemas (owned by the workspace's
 * main user, whose token the harness sends), the SQL warehouse, and the registered model the
 * fraud-like models serve (ml.models.fraud, versions 1-3, alias champion on 3). Tests break one
 * thing and run `preflight`; `DEPLOYER` is a second user who owns nothing, for privileges.
 */

export const DEPLOYER = "deployer@example.com";
export const DEPLOYER_TOKEN = "dapi-deployer";

export interface PreflightWorld extends Day2Harness {
  preflight(
    args?: string[],
    options?: RunOptions,
  ): Promise<{ exitCode: number; output: PreflightOutput }>;
  /** The same, as DEPLOYER. */
  asDeployer(args?: string[]): Promise<{ exitCode: number; output: PreflightOutput }>;
}

export async function startPreflightWorld(
  models: Record<string, Record<string, unknown>>,
  stack: Record<string, unknown> = {},
  workspaceOptions: FakeWorkspaceOptions = {},
): Promise<PreflightWorld> {
  const h = await startDay2Harness(models, stack, workspaceOptions);
  const state = h.workspace.state;
  state.warehouses.seed({ id: WAREHOUSE_ID, name: "monitoring" });
  state.seedSchemas("ml.models");
  state.models.seed({
    full_name: "ml.models.fraud",
    versions: [1, 2, 3],
    aliases: { champion: 3 },
  });
  state.access.addPersonalAccessToken(DEPLOYER_TOKEN, DEPLOYER);
  const preflight = async (args: string[] = [], options: RunOptions = {}) => {
    const run = await h.run(["preflight", "--stack", h.stack, "--json", ...args], options);
    return { exitCode: run.exitCode, output: run.json<PreflightOutput>() };
  };
  return Object.assign(h, {
    preflight,
    asDeployer: (args: string[] = []) =>
      preflight(args, { env: { DATABRICKS_TOKEN: DEPLOYER_TOKEN } }),
  });
}

/** The lines of one check (optionally of one model, or whose subject contains `subject`). */
export function linesOf(
  output: PreflightOutput,
  check: PreflightCheck["check"],
  filter: { model?: string; subject?: string } = {},
): PreflightCheck[] {
  return output.checks.filter(
    (c) =>
      c.check === check &&
      (filter.model === undefined || c.model === filter.model) &&
      (filter.subject === undefined || c.subject.includes(filter.subject)),
  );
}

/** The single line of one check; fails the test when there is not exactly one. */
export function lineOf(
  output: PreflightOutput,
  check: PreflightCheck["check"],
  filter: { model?: string; subject?: string } = {},
): PreflightCheck {
  const lines = linesOf(output, check, filter);
  if (lines.length !== 1) {
    throw new Error(
      `expected one ${check} line for ${JSON.stringify(filter)}, got ${JSON.stringify(lines, null, 2)}`,
    );
  }
  return lines[0] as PreflightCheck;
}

/** Grants what a deployer needs on the stack's catalog and schemas (not on anything else). */
export function grantDeployerStack(world: PreflightWorld): void {
  const grants = world.workspace.state.grants;
  grants.grant("catalog", "ml_dev", DEPLOYER, ["USE_CATALOG"]);
  for (const schema of ["ml_dev.inference", "ml_dev.monitoring"]) {
    grants.grant("schema", schema, DEPLOYER, ["USE_SCHEMA", "CREATE_TABLE", "SELECT", "MODIFY"]);
  }
  grants.grant("catalog", "ml", DEPLOYER, ["USE_CATALOG"]);
  grants.grant("schema", "ml.models", DEPLOYER, ["USE_SCHEMA", "EXECUTE"]);
  world.workspace.state.warehouses.grant(WAREHOUSE_ID, {
    principal: DEPLOYER,
    kind: "user",
    level: "CAN_USE",
  });
}
