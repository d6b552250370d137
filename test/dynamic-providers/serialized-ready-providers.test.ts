import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MonitorReady, monitorReadyProvider } from "../../dynamic-providers/monitor-ready";
import {
  PayloadTableReady,
  payloadTableReadyProvider,
} from "../../dynamic-providers/payload-table-ready";
import { closeSharedRestClients, sharedRestClient } from "../../databricks-client/rest";
import { connectionSettingsFor } from "../../dynamic-providers/shared/provider-settings";
import { REPO_ROOT } from "../helpers/fixture-project";
import { inMockRuntime } from "../helpers/mock-program";
import { configureRequest, setEnv, stackConfigFor } from "../databricks-client/fake-settings";
import { startFakeWorkspace } from "../support/fake-workspace";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";

/**
 * The program serializes each provider object into `__provider` (stored in state twice per
 * resource). It must serialize at all (under jest and Pulumi's mock runtime), must never carry
 * a credential, and should stay small.
 */
const TOKEN = "dapi-serialization-canary-0001";
const CLIENT_SECRET = "oauth-secret-canary-0002";
const ENV_TOKEN = "dapi-env-canary-0003";

/** The design's target: the provider loads its implementation by path instead of carrying it. */
const MAX_PROVIDER_BYTES = 8 * 1024;

let restoreEnv: () => void;
beforeAll(async () => {
  restoreEnv = setEnv({ DATABRICKS_TOKEN: ENV_TOKEN });
  // The worst case: providers configured in this very process before they are serialized,
  // with a live shared client holding credentials.
  const config = configureRequest({
    "databricks:host": "https://adb-1.azuredatabricks.net",
    "databricks:token": TOKEN,
    "databricks:clientSecret": CLIENT_SECRET,
    "databricks:authType": "pat",
  });
  await payloadTableReadyProvider.configure?.(config);
  await monitorReadyProvider.configure?.(config);
  sharedRestClient(connectionSettingsFor(payloadTableReadyProvider));
  sharedRestClient(connectionSettingsFor(monitorReadyProvider));
});
afterAll(() => {
  closeSharedRestClients();
  restoreEnv();
});

it("serializes both providers without credentials, small, under their own type tokens", async () => {
  const { resources } = await inMockRuntime(() => {
    new PayloadTableReady("payload", {
      tableName: "ml_dev.inference.churn_payload",
      endpointName: "churn",
    });
    new MonitorReady("monitor", {
      tableName: "ml_dev.inference.churn_processed",
      monitorVersion: 0,
    });
  });
  const sizes: Record<string, number> = {};
  for (const resource of resources) {
    const text = resource.inputs.__provider;
    expect(typeof text).toBe("string");
    for (const secret of [TOKEN, CLIENT_SECRET, ENV_TOKEN]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/adb-1\.azuredatabricks\.net/);
    sizes[resource.type] = (text as string).length;
  }
  expect(Object.keys(sizes).sort()).toEqual([
    "pulumi-nodejs:dynamic/model-monitoring:MonitorReady",
    "pulumi-nodejs:dynamic/model-monitoring:PayloadTableReady",
  ]);
  for (const size of Object.values(sizes)) expect(size).toBeLessThan(MAX_PROVIDER_BYTES);
});

it("serializes each provider once, however many resources use it", async () => {
  const texts = new Set<unknown>();
  const { resources } = await inMockRuntime(() => {
    for (const model of ["a", "b", "c"]) {
      new PayloadTableReady(`${model}-payload`, { tableName: `ml.inference.${model}_payload` });
    }
  });
  for (const resource of resources) texts.add(resource.inputs.__provider);
  expect(resources).toHaveLength(3);
  expect(texts.size).toBe(1);
});

it("needs no Pulumi SDK inside the provider (it is loaded from state in another process)", async () => {
  const { resources } = await inMockRuntime(() => {
    new MonitorReady("monitor", { tableName: "ml.inference.t" });
  });
  const text = String(resources[0]?.inputs.__provider);
  expect(text).not.toMatch(/@pulumi\/pulumi/);
  // The implementation is loaded by path at run time, not carried in the text.
  expect(text).toContain("dynamic-providers/monitor-ready-impl");
  expect(text).not.toContain("node:https");
});

/**
 * What the engine does with `__provider`: a separate Node process (no Jest, no TypeScript, cwd
 * = the project) loads the text with require-from-string, calls configure, then the CRUD
 * methods. Run that for real against the fake workspace.
 */
describe("the serialized providers run on their own, as the provider host runs them", () => {
  const HOST_SCRIPT = `
    const text = require("node:fs").readFileSync(process.env.PROVIDER_FILE, "utf8");
    const provider = require("require-from-string")(text).handler();
    const config = JSON.parse(process.env.STACK_CONFIG);
    const run = async () => {
      await provider.configure({ config: { get: (k) => config[k], require: (k) => config[k] } });
      const inputs = JSON.parse(process.env.INPUTS);
      const checked = await provider.check({}, inputs);
      const created = await provider.create(checked.inputs);
      const read = await provider.read(created.id, created.outs);
      return { created, read };
    };
    run().then(
      (result) => console.log(JSON.stringify(result)),
      (error) => console.log(JSON.stringify({ error: error.message, id: error.id })),
    );`;

  const serialized = async (build: () => void): Promise<string> => {
    const { resources } = await inMockRuntime(build);
    return String(resources[0]?.inputs.__provider);
  };

  const host = (providerText: string, config: Record<string, string>, inputs: object) => {
    const dir = mkdtempSync(join(tmpdir(), "provider-"));
    const file = join(dir, "provider.js");
    writeFileSync(file, providerText);
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      execFile(
        process.execPath,
        ["-e", HOST_SCRIPT],
        {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH ?? "",
            HOME: dir, // no ~/.databrickscfg
            PROVIDER_FILE: file,
            STACK_CONFIG: JSON.stringify(config),
            INPUTS: JSON.stringify(inputs),
          },
        },
        (error, stdout, stderr) => {
          rmSync(dir, { recursive: true, force: true });
          if (error) reject(new Error(`${error.message}\n${stderr}`));
          else resolve(JSON.parse(stdout) as Record<string, unknown>);
        },
      );
    });
  };

  it("PayloadTableReady waits for the table through faults (OAuth M2M) and reads it", async () => {
    const fake = await startFakeWorkspace();
    try {
      seedSampleCatalog(fake.state);
      const text = await serialized(
        () => new PayloadTableReady("p", { tableName: "main.inference.t_payload" }),
      );
      fake.state.tables.scheduleCreation(
        { full_name: "main.inference.t_payload" },
        200,
        fake.userName,
      );
      const exists = "/api/2.1/unity-catalog/tables/{name}/exists";
      fake.faults.add({ method: "POST", path: "/oidc/v1/token", kind: 503, retryAfterSeconds: 0 });
      fake.faults.add({ path: exists, kind: "reset" });
      fake.faults.add({ path: exists, kind: 429, retryAfterSeconds: 0 });
      fake.faults.add({ path: exists, kind: "error", status: 502, errorCode: "BAD_GATEWAY" });
      const { "databricks:token": _token, ...config } = stackConfigFor(fake);
      const oauth = {
        ...config,
        "databricks:clientId": fake.clientId,
        "databricks:clientSecret": fake.clientSecret,
      };
      const result = await host(text, oauth, {
        tableName: "main.inference.t_payload",
        timeoutSeconds: 10,
        pollIntervalSeconds: 0.05,
      });
      expect(result).toMatchObject({
        created: { id: "main.inference.t_payload", outs: { tableExists: true } },
        read: { id: "main.inference.t_payload" },
      });
      expect(fake.requests.last({ path: exists })?.principal).toBe(fake.clientId);
      expect(fake.faults.pending()).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("says which settings are missing when neither config nor environment has them", async () => {
    const text = await serialized(
      () => new PayloadTableReady("p", { tableName: "main.inference.t" }),
    );
    const result = await host(text, {}, { tableName: "main.inference.t" });
    expect(result).toEqual({
      error: expect.stringMatching(
        /^No Databricks workspace host: set the Pulumi config databricks:host/,
      ),
    });
  });

  it("MonitorReady reports an error after starting a refresh as a partial create with the resource id", async () => {
    const fake = await startFakeWorkspace();
    try {
      const text = await serialized(
        () => new MonitorReady("m", { tableName: processedTable.full_name }),
      );
      seedSampleCatalog(fake.state);
      fake.state.tables.seed(processedTable);
      fake.state.monitors.seed(processedTable.full_name, monitorBody(), { active: false });
      // A failed refresh is an answer now (no data yet); a refused look-up is an error.
      fake.state.access.deny({
        method: "GET",
        path: "/api/2.1/unity-catalog/tables/{name}/monitor/refreshes/{id}",
      });
      // The answer to "start a refresh" is lost: it must find the refresh, not start a second.
      fake.faults.add({
        method: "POST",
        path: "/api/2.1/unity-catalog/tables/{name}/monitor/refreshes",
        kind: "lost-response",
      });
      const result = await host(text, stackConfigFor(fake), {
        tableName: processedTable.full_name,
        timeoutSeconds: 10,
        pollIntervalSeconds: 0.05,
      });
      expect(result).toEqual({
        error: expect.stringMatching(/403 PERMISSION_DENIED/),
        id: processedTable.full_name,
      });
      expect(fake.state.monitors.refreshes(processedTable.full_name)).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
