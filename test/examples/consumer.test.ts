import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlannedResource } from "../../policies/planned-resource";

/**
 * examples/consumer as a user of the package would run it: `npm pack` (which builds dist/
 * through `prepare`), the tarball unpacked into a temporary copy of the example's node_modules,
 * the package's dependencies linked from this checkout (offline), the example type-checked
 * against the packed typings and then evaluated in Pulumi's mock runtime in its own process.
 */

const REPO_ROOT = path.resolve(__dirname, "../..");
const EXAMPLE = path.join(REPO_ROOT, "examples", "consumer");
const MANIFEST = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
};
/** The package's runtime dependencies, plus what compiling the example needs. */
const LINKED = [...Object.keys(MANIFEST.dependencies), "@types/node"];

/** Runs the example's compiled program in the mock runtime, as the packed package ships it. */
const RUNNER = `
const path = require("node:path");
const { evaluateInMockRuntime } = require("model-monitoring/dist/cli/plan/mock-runtime.js");
evaluateInMockRuntime(
  { project: "monitoring-consumer", stack: "dev", config: {}, secretKeys: [], preview: false },
  () => require(path.resolve("bin/index.js")),
).then(
  (evaluation) => process.stdout.write(
    JSON.stringify({ resources: evaluation.resources, loaded: Object.keys(require.cache) }),
  ),
  (error) => { process.stderr.write(String((error && error.stack) || error)); process.exit(1); },
);
`;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

interface Packed {
  filename: string;
  files: { path: string }[];
}

let tmp: string;
let app: string;
let packedFiles: string[];
let resources: PlannedResource[];
let loaded: string[];

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "consumer-example-")));
  const packed = JSON.parse(
    run("npm", ["pack", "--offline", "--json", "--pack-destination", tmp], REPO_ROOT),
  ) as Packed[];
  const tarball = path.join(tmp, packed[0]!.filename);
  packedFiles = packed[0]!.files.map((file) => file.path);

  app = path.join(tmp, "app");
  fs.cpSync(EXAMPLE, app, {
    recursive: true,
    // A local install or build of the example is not part of it.
    filter: (source) => !["node_modules", "bin"].includes(path.basename(source)),
  });
  const installed = path.join(app, "node_modules", "model-monitoring");
  fs.mkdirSync(installed, { recursive: true });
  run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], tmp);
  for (const dependency of LINKED) {
    const link = path.join(app, "node_modules", dependency);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dependency), link, "dir");
  }

  run(process.execPath, [path.join(app, "node_modules/typescript/bin/tsc"), "-p", app], app);
  fs.writeFileSync(path.join(app, "run.js"), RUNNER);
  const result = JSON.parse(run(process.execPath, ["run.js"], app)) as {
    resources: PlannedResource[];
    loaded: string[];
  };
  resources = result.resources;
  loaded = result.loaded;
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function one(type: string): PlannedResource {
  const found = resources.filter((resource) => resource.type === type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe("examples/consumer against the packed package", () => {
  it("packs the library and its typings, and no tests, benchmarks, demo or examples", () => {
    expect(packedFiles).toEqual(
      expect.arrayContaining(["dist/components/index.js", "dist/components/index.d.ts"]),
    );
    const unwanted = /^(dist\/)?(test|bench|demo|examples|scripts|jest)\/|^\.bench\//;
    expect(packedFiles.filter((file) => unwanted.test(file))).toEqual([]);
    expect(packedFiles.filter((file) => file.endsWith(".test.js"))).toEqual([]);
  });

  it("declares the model with the arguments the example gave", () => {
    expect(one("model-monitoring:index:MonitoredModel").name).toBe("fraud");
    expect(one("databricks:index/sqlEndpoint:SqlEndpoint").inputs).toMatchObject({
      clusterSize: "2X-Small",
      autoStopMins: 10,
    });
    expect(one("databricks:index/modelServing:ModelServing").inputs).toMatchObject({
      name: "fraud-dev",
      aiGateway: {
        inferenceTableConfig: { catalogName: "ml", schemaName: "inference", enabled: true },
      },
      config: {
        servedEntities: [{ name: "champion", entityName: "ml.models.fraud", entityVersion: "3" }],
        trafficConfig: { routes: [{ servedEntityName: "champion", trafficPercentage: 100 }] },
      },
    });
    expect(one("databricks:index/sqlTable:SqlTable").inputs).toMatchObject({
      catalogName: "ml",
      schemaName: "inference",
      name: "fraud_processed",
    });
    expect(one("databricks:index/job:Job").inputs).toMatchObject({
      schedule: { quartzCronExpression: "0 15 * * * ?" },
    });
    expect(one("databricks:index/qualityMonitor:QualityMonitor").inputs).toMatchObject({
      tableName: "ml.inference.fraud_processed",
      assetsDir: "/Shared/monitoring/fraud",
      outputSchemaName: "ml.monitoring",
      warehouseId: "monitoring-id",
      inferenceLog: { predictionCol: "score", problemType: "PROBLEM_TYPE_REGRESSION" },
    });
    expect(
      one("databricks:index/notificationDestination:NotificationDestination").inputs,
    ).toMatchObject({ config: { email: { addresses: ["ml-oncall@example.com"] } } });
    const alerts = resources.filter((r) => r.type === "databricks:index/alertV2:AlertV2");
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts)
      expect(alert.inputs).toMatchObject({ schedule: { quartzCronSchedule: "0 30 * * * ?" } });
    expect(resources.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        "pulumi-nodejs:dynamic/model-monitoring:PayloadTableReady",
        "pulumi-nodejs:dynamic/model-monitoring:MonitorReady",
        "pulumi-nodejs:dynamic/model-monitoring:DriftThresholds",
      ]),
    );
  });

  it("loads the package from the installed tarball, nothing from this checkout's sources", () => {
    const outside = loaded.filter(
      (file) =>
        !file.startsWith(app + path.sep) &&
        !file.startsWith(path.join(REPO_ROOT, "node_modules") + path.sep),
    );
    expect(outside).toEqual([]);
    const packageModules = loaded.filter((file) =>
      file.startsWith(path.join(app, "node_modules", "model-monitoring") + path.sep),
    );
    expect(packageModules).toContain(
      path.join(app, "node_modules", "model-monitoring", "dist", "components", "index.js"),
    );
    expect(packageModules.every((file) => file.includes(`${path.sep}dist${path.sep}`))).toBe(true);
  });
});
