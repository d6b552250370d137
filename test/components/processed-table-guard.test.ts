import { InferenceTable } from "../../components/InferenceTable";
import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { TYPES, single } from "../helpers/mock-program";
import { type FakeWorkspace, startFakeWorkspace } from "../support/fake-workspace";
import { partsOf } from "../helpers/component-args";

/**
 * Issue 11: the provider creates managed Delta tables with CREATE OR REPLACE TABLE, so a
 * processed table that exists but is not in the stack's state was emptied by `up`. The table's
 * beforeCreate hook must refuse an existing table unless adoption is configured.
 */

const TABLE = "ml_dev.inference.fraud_processed";
let fake: FakeWorkspace;

beforeEach(async () => {
  fake = await startFakeWorkspace();
  fake.state.seedSchemas("ml_dev.inference");
});
afterEach(async () => {
  await fake.close();
});

function specOf(stack = baseStack()) {
  const [spec] = loadFixture({ fraud: baseModel() }, stack, "dev").models;
  if (!spec) throw new Error("no spec");
  return spec;
}

/** The program as `pulumi up` runs it, with the stack's connection config for the hook. */
async function declare(spec = specOf()) {
  const evaluation = await evaluateInMockRuntime(
    {
      project: "model-monitoring",
      stack: "dev",
      config: {
        "databricks:host": fake.url,
        "databricks:token": fake.token,
        "model-monitoring:caCert": fake.caCert,
      },
      secretKeys: ["databricks:token"],
      preview: false,
    },
    () => new InferenceTable("fraud-inference", partsOf(spec).inference),
  );
  const table = single(evaluation.resources, TYPES.sqlTable);
  return { ...evaluation, table };
}

/**
 * What the engine does right before it would create the table: call the table's beforeCreate
 * hook with its inputs. A rejection fails the create (the SDK's callback server reports the
 * message back to the engine); undefined means the create goes ahead.
 */
async function beforeCreate(
  table: PlannedResource,
  hooks: Awaited<ReturnType<typeof declare>>["resourceHooks"],
): Promise<string | undefined> {
  const names = table.options.hooks?.beforeCreate ?? [];
  expect(names).toHaveLength(1);
  const hook = hooks.get(names[0] ?? "");
  if (!hook) throw new Error(`hook ${names[0]} was not registered`);
  try {
    await hook.callback({
      urn: table.urn,
      id: "",
      name: table.name,
      type: table.type,
      newInputs: table.inputs,
    });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("processed table guard", () => {
  it("lets the create go ahead when the table does not exist", async () => {
    const { table, resourceHooks } = await declare();
    expect(await beforeCreate(table, resourceHooks)).toBeUndefined();
    expect(fake.requests.count({ path: `/api/2.1/unity-catalog/tables/${TABLE}/exists` })).toBe(1);
  });

  it("refuses to create over an existing table, naming it and how to adopt it", async () => {
    fake.state.tables.seed({ full_name: TABLE, columns: [{ name: "request_id", type: "string" }] });
    const { table, resourceHooks } = await declare();
    const error = await beforeCreate(table, resourceHooks);
    expect(error).toContain(`Table ${TABLE} exists already`);
    expect(error).toContain(
      "model-monitoring:models.fraud.inference.adoptProcessedTable: true in Pulumi.dev.yaml",
    );
    expect(fake.state.tables.exists(TABLE)).toBe(true);
  });

  it("runs in previews too, so pulumi preview already fails", async () => {
    const { table, resourceHooks } = await declare();
    const name = table.options.hooks?.beforeCreate?.[0] ?? "";
    expect(name).toBe(`refuse-existing-table:${TABLE}`);
    expect(resourceHooks.get(name)?.onDryRun).toBe(true);
  });

  it("refuses rather than guesses when the workspace cannot be asked", async () => {
    fake.faults.add({
      path: "/api/2.1/unity-catalog/tables/**",
      kind: "error",
      status: 403,
      errorCode: "PERMISSION_DENIED",
      times: 10,
    });
    const { table, resourceHooks } = await declare();
    expect(await beforeCreate(table, resourceHooks)).toContain(
      `Could not check that table ${TABLE} does not exist before creating it`,
    );
  });

  it("adopts the existing table with Pulumi's import option when configured", async () => {
    const spec = specOf(
      baseStack({ models: { fraud: { inference: { adoptProcessedTable: true } } } }),
    );
    const { table } = await declare(spec);
    expect(table.options.import).toBe(TABLE);
    const plain = await declare();
    expect(plain.table.options.import).toBeUndefined();
  });
});
