// The warehouse stand-in first (it loads the SQL driver the command uses).
import { startLocalWarehouse } from "../test/support/warehouse";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { startFakeWorkspace, type FakeWorkspace } from "../test/support/fake-workspace";
import { payloadTableColumns } from "../test/support/fake-workspace/table-schemas";
import {
  driftMetricsColumns,
  profileMetricsColumns,
} from "../test/support/fake-workspace/table-schemas";
import { startOneHost } from "../test/support/one-host";
import { loadStackContext } from "../cli/day2/stack-context";
import type { PreflightOutput } from "../cli/day2/preflight/output-schema";
import { alertQueryTables } from "../core/alert-spec";
import { processedTableSpecOf } from "../core/processed-table-spec";
import type { ModelSpec } from "../config/model-spec";
import { formatTableName } from "../core/names";
import { processedTableColumns } from "../sql/processed-table-columns";
import { THRESHOLD_COLUMNS } from "../sql/thresholds-table";
import { syntheticProject } from "./synthetic-project";
import { runCommand } from "./day2-bench";

/**
 * preflight over 1, 10 and 100 synthetic models of the shipped dev stack (each with its own
 * registered model, serving a fixed version), against the fake workspace and the local
 * warehouse behind one host, as a deployer who owns nothing and holds its privileges on the
 * catalog and schemas. Two workspaces: fresh (nothing deployed) and deployed (endpoints serving
 * those versions and logging as configured, payload, processed, metric and thresholds tables),
 * the latter with the endpoint list leaving out ai_gateway (the fake's default) and filling it
 * in. Prints REST requests (and the routes that grow with the models), SQL statements, wall
 * time. No assertions.
 *
 * Run: npm run bench:preflight. BENCH_MODELS=1,10,100.
 */

const COUNTS = (process.env.BENCH_MODELS ?? "1,10,100").split(",").map(Number);
const TOKEN = "dapi-bench";
const DEPLOYER = "deployer@example.com";
const DEPLOYER_TOKEN = "dapi-bench-deployer";
const WAREHOUSE_ID = "0123456789abcdef";

function seedWorkspace(fake: FakeWorkspace, specs: readonly ModelSpec[]): void {
  const state = fake.state;
  state.warehouses.seed({
    id: WAREHOUSE_ID,
    grants: [{ principal: DEPLOYER, kind: "user", level: "CAN_USE" }],
  });
  state.seedSchemas("ml_dev.inference", "ml_dev.monitoring", "ml_dev.models");
  state.access.addPersonalAccessToken(DEPLOYER_TOKEN, DEPLOYER);
  state.grants.grant("catalog", "ml_dev", DEPLOYER, ["USE_CATALOG"]);
  for (const schema of ["ml_dev.inference", "ml_dev.monitoring"]) {
    state.grants.grant("schema", schema, DEPLOYER, [
      "USE_SCHEMA",
      "CREATE_TABLE",
      "SELECT",
      "MODIFY",
    ]);
  }
  state.grants.grant("schema", "ml_dev.models", DEPLOYER, ["USE_SCHEMA", "EXECUTE", "MANAGE"]);
  for (const spec of specs) {
    state.models.seed({ full_name: spec.registeredModel, versions: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
  }
}

/** What a finished `pulumi up` and a first monitor refresh leave in the workspace. */
function deploy(fake: FakeWorkspace, specs: readonly ModelSpec[]): void {
  const state = fake.state;
  const typed = (columns: ReadonlyArray<{ name: string; type: string }>) =>
    columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() }));
  for (const spec of specs) {
    state.endpoints.seed(
      {
        name: spec.endpoint.name,
        config: {
          served_entities: spec.endpoint.servedEntities.map((e) => ({
            name: e.name,
            entity_name: spec.registeredModel,
            entity_version: e.version,
          })),
        },
        ai_gateway: {
          inference_table_config: {
            enabled: true,
            catalog_name: spec.inference.payloadTable.catalog,
            schema_name: spec.inference.payloadTable.schema,
            table_name_prefix: spec.inference.tablePrefix,
          },
        },
      },
      { principal: { name: DEPLOYER, kind: "user" } },
    );
    state.tables.seed({
      full_name: formatTableName(spec.inference.payloadTable),
      columns: payloadTableColumns,
      owner: DEPLOYER,
    });
    state.tables.seed({
      full_name: formatTableName(spec.inference.processedTable),
      columns: typed(processedTableColumns(processedTableSpecOf(spec))),
      owner: DEPLOYER,
    });
    const tables = alertQueryTables(spec);
    const modelId = [{ name: "model_id", type: "string" }];
    state.tables.seed({
      full_name: formatTableName(tables.profileMetricsTable),
      columns: [...profileMetricsColumns, ...modelId],
      owner: DEPLOYER,
    });
    state.tables.seed({
      full_name: formatTableName(tables.driftMetricsTable),
      columns: [...driftMetricsColumns, ...modelId],
      owner: DEPLOYER,
    });
    state.tables.seed({
      full_name: formatTableName(tables.thresholdsTable),
      columns: THRESHOLD_COLUMNS.map(([name, type]) => ({ name, type: type.toLowerCase() })),
      owner: DEPLOYER,
    });
  }
}

interface Figures {
  exitCode: number;
  requests: number;
  statements: number;
  ms: number;
  /** Routes called more than a handful of times: what grows with the models. */
  growing: string;
}

async function run(root: string, fake: FakeWorkspace): Promise<Figures> {
  fake.requests.clear();
  const { exitCode, stdout, ms } = await runCommand("preflight", root, DEPLOYER_TOKEN);
  const output = JSON.parse(stdout) as PreflightOutput;
  if (output.requests === undefined) throw new Error(`preflight could not run: ${stdout}`);
  const growing = Object.entries(fake.requests.countByRoute())
    .filter(([, n]) => n > 3)
    .map(
      ([route, n]) => `${n}× ${route.replace("/api/2.1/unity-catalog", "uc").replace("GET ", "")}`,
    )
    .join(", ");
  return { exitCode, requests: output.requests, statements: output.sqlStatements, ms, growing };
}

function print(count: number, scenario: string, f: Figures): void {
  console.log(
    [
      String(count).padStart(6),
      scenario.padEnd(34),
      String(f.exitCode).padStart(4),
      String(f.requests).padStart(8),
      String(f.statements).padStart(10),
      f.ms.toFixed(0).padStart(7),
      `  ${f.growing || "–"}`,
    ].join("  "),
  );
}

async function main(): Promise<void> {
  console.log(
    `preflight against the stand-ins (one run each after a warm-up; node ${process.version})`,
  );
  console.log(
    "models  workspace                           exit  requests  statements  wall ms    routes called more than 3 times",
  );
  for (const count of COUNTS) {
    const root = syntheticProject(count);
    const warehouse = await startLocalWarehouse({
      catalogs: ["ml_dev"],
      token: TOKEN,
      warehouseId: WAREHOUSE_ID,
    });
    const fake = await startFakeWorkspace({ token: TOKEN });
    const front = await startOneHost({
      workspace: fake.url,
      warehouse: warehouse.url,
      sqlAccess: (authorization) =>
        fake.state.access.authenticate(authorization) === undefined
          ? undefined
          : { authorization: `Bearer ${TOKEN}` },
    });
    try {
      const file = path.join(root, "Pulumi.dev.yaml");
      const stack = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
      fs.writeFileSync(path.join(root, "ca.pem"), front.caCert);
      stack.config["databricks:host"] = front.url;
      stack.config["model-monitoring:caCertPath"] = path.join(root, "ca.pem");
      fs.writeFileSync(file, yaml.dump(stack));
      const specs = loadStackContext({ stack: "dev", root }).models;
      seedWorkspace(fake, specs);
      await run(root, fake); // warm-up
      print(count, "fresh", await run(root, fake));
      deploy(fake, specs);
      print(count, "deployed, list without ai_gateway", await run(root, fake));
      fake.strictness.endpointListAiGateway = "included";
      print(count, "deployed, list with ai_gateway", await run(root, fake));
    } finally {
      await front.close();
      await fake.close();
      await warehouse.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
