// The warehouse module first: it makes the driver loadable under Jest.
import { startLocalWarehouse, type LocalWarehouse } from "../../../support/warehouse";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import {
  startFakeWorkspace,
  type FakeWorkspace,
  type FakeWorkspaceOptions,
} from "../../../support/fake-workspace";
import { main } from "../../../../cli/main";
import type { Day2Io } from "../../../../cli/day2/io";
import { loadProject } from "../../../../config/load-project";
import type { ModelSpec } from "../../../../config/model-spec";
import { projectConfigFrom } from "../../../../config/pulumi-config";
import { baseStack, fixtureProject } from "../../../helpers/fixture-project";
import { startOneHost, type OneHost } from "./one-host";

/**
 * Both stand-ins behind one host, a project folder whose stack file points at that host the way
 * a user's would (databricks:host with a port, model-monitoring:caCertPath, warehouseId), the
 * token in DATABRICKS_TOKEN, and the CLI run in-process through `main` with captured output.
 */

export const STACK = "dev";
export const WAREHOUSE_ID = "0123456789abcdef";
const TOKEN = "dapi-day2-test-token";

/** Terminal escape codes made visible for assertions: ESC becomes "⎋". */
export function visible(text: string): string {
  return text.split(String.fromCharCode(27)).join("⎋");
}

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not). */
  json<T = Record<string, unknown>>(): T;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  /** Pretend stderr (and stdout) is a terminal. */
  tty?: boolean;
}

export interface Day2Harness {
  warehouse: LocalWarehouse;
  workspace: FakeWorkspace;
  front: OneHost;
  root: string;
  /** The stack: "dev", or the environment the stack settings name. */
  stack: string;
  specs: ModelSpec[];
  spec(name: string): ModelSpec;
  token: string;
  run(args: string[], options?: RunOptions): Promise<CliRun>;
  close(): Promise<void>;
}

export async function startDay2Harness(
  models: Record<string, Record<string, unknown>>,
  stack: Record<string, unknown> = {},
  /** More fake-workspace options (timing, first-contact switches). */
  workspaceOptions: FakeWorkspaceOptions = {},
): Promise<Day2Harness> {
  const warehouse = await startLocalWarehouse({
    catalogs: ["ml_dev"],
    token: TOKEN,
    warehouseId: WAREHOUSE_ID,
  });
  const workspace = await startFakeWorkspace({
    ...workspaceOptions,
    token: TOKEN,
    timing: { refreshPendingMs: 30, refreshRunningMs: 60, ...workspaceOptions.timing },
  });
  const front = await startOneHost({
    workspace: workspace.url,
    warehouse: warehouse.url,
    // Statements run as any identity the workspace knows; a seeded warehouse refuses one
    // without CAN_USE (fake-workspace/warehouses.ts).
    sqlAccess: (authorization) => {
      const principal = workspace.state.access.authenticate(authorization);
      if (principal === undefined) return undefined;
      const warehouses = workspace.state.warehouses;
      if (warehouses.has(WAREHOUSE_ID) && !warehouses.mayUse(WAREHOUSE_ID, principal)) {
        return { refuse: 403 };
      }
      return { authorization: `Bearer ${TOKEN}` };
    },
  });
  for (const schema of ["ml_dev.inference", "ml_dev.monitoring"]) {
    await warehouse.seed.createSchema(schema);
    workspace.state.seedSchemas(schema);
  }

  const settings = baseStack({ warehouseId: WAREHOUSE_ID, ...stack });
  const root = fixtureProject(models);
  const caPath = path.join(root, "workspace-ca.pem");
  fs.writeFileSync(caPath, front.caCert);
  // What a user with a private CA would write (pulumi config set ...), plus the project keys.
  const config: Record<string, unknown> = {
    "databricks:host": front.url,
    "databricks:retryTimeoutSeconds": 3,
    "model-monitoring:caCertPath": caPath,
    ...Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [`model-monitoring:${key}`, value]),
    ),
  };
  // A stack's name decides its environment: a prod world is the stack "prod".
  const stackName = typeof stack.environment === "string" ? stack.environment : STACK;
  fs.writeFileSync(path.join(root, `Pulumi.${stackName}.yaml`), yaml.dump({ config }));

  const specs = loadProject({
    root,
    stack: stackName,
    stackConfig: projectConfigFrom(
      Object.fromEntries(
        Object.entries(settings).map(([k, v]) => [
          `model-monitoring:${k}`,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      ),
    ),
  }).models;

  return {
    warehouse,
    workspace,
    front,
    root,
    stack: stackName,
    specs,
    token: TOKEN,
    spec(name) {
      const spec = specs.find((s) => s.name === name);
      if (spec === undefined) throw new Error(`no model ${name}`);
      return spec;
    },
    async run(args, options = {}) {
      let stdout = "";
      let stderr = "";
      const io: Day2Io = {
        stdout: (text) => {
          stdout += text;
        },
        stdoutIsTty: options.tty ?? false,
        stderr: {
          isTTY: options.tty ?? false,
          write: (text: string) => {
            stderr += text;
            return true;
          },
        },
        env: {
          DATABRICKS_TOKEN: TOKEN,
          DATABRICKS_CONFIG_FILE: path.join(root, "no-databrickscfg"),
          ...options.env,
        },
      };
      const exitCode = await main(["node", "model-monitoring", ...args, "--root", root], io);
      return {
        exitCode,
        stdout,
        stderr,
        json<T>() {
          return JSON.parse(stdout) as T;
        },
      };
    },
    async close() {
      await front.close();
      await workspace.close();
      await warehouse.close();
    },
  };
}
