import {
  ROWS,
  TABLE,
  inputs,
  row,
  startHarness,
  type Harness,
  type Props,
} from "./drift-thresholds-harness";
import * as pulumi from "@pulumi/pulumi";
import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import { DriftThresholds, driftThresholdsProvider } from "../../dynamic-providers/drift-thresholds";
import { parseTableName } from "../../core/names";
import { createThresholdsTableSql } from "../../sql/thresholds-table";
import { DYNAMIC_TYPE_TOKENS } from "../../core/type-tokens";

/**
 * The token must not end up in the serialized provider (stored in state twice per resource),
 * in outputs, in error messages or in anything written to the console while the provider works.
 */

let h: Harness;
let token: string;

beforeAll(async () => {
  h = await startHarness();
  token = h.warehouse.token;
  await h.warehouse.query(createThresholdsTableSql(parseTableName(TABLE)));
});

afterAll(async () => {
  await h.close();
});

/** Everything written to stdout, stderr and the console while `work` runs. */
async function captured(work: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
    jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(String(chunk));
      return true;
    }),
    ...(["log", "info", "warn", "error", "debug"] as const).map((method) =>
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(args.map(String).join(" "));
      }),
    ),
  ];
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return chunks.join("\n");
}

async function serializedProvider(): Promise<{ text: string; containsSecrets: boolean }> {
  return pulumi.runtime.serializeFunction(() => driftThresholdsProvider, { allowSecrets: true });
}

describe("the token stays out", () => {
  it("of the serialized provider, which stays small", async () => {
    // configure() already ran (startHarness): nothing it kept may travel with the code.
    const { text, containsSecrets } = await serializedProvider();
    expect(text).not.toContain(token);
    expect(text).not.toContain(h.warehouse.caCert.slice(40, 120));
    expect(containsSecrets).toBe(false);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(8 * 1024);
    // It loads the implementation by path instead of carrying it.
    expect(text).toContain('"dynamic-providers/drift-thresholds-impl"');
    expect(text).not.toContain("MERGE INTO");
  });

  it("of the state the program registers, secret config or not", async () => {
    const { resources } = await evaluateInMockRuntime(
      {
        project: "model-monitoring",
        stack: "dev",
        config: { "databricks:token": token, "databricks:host": h.warehouse.url },
        secretKeys: ["databricks:token"],
        preview: false,
      },
      () =>
        new DriftThresholds("churn-thresholds", { table: TABLE, model: "churn", thresholds: ROWS }),
    );
    const registered = resources.find((r) => r.type === DYNAMIC_TYPE_TOKENS.DriftThresholds);
    expect(typeof registered?.inputs.__provider).toBe("string");
    expect(JSON.stringify(registered)).not.toContain(token);
  });

  it("of outputs, errors and logs through a whole lifecycle", async () => {
    const results: unknown[] = [];
    const logs = await captured(async () => {
      await h.provider.configure({
        config: { get: (k: string) => h.config[k], require: (k: string) => h.config[k] as string },
      });
      results.push(await h.provider.check({}, inputs()));
      const created = await h.provider.create(inputs());
      results.push(created);
      results.push(await h.provider.read(created.id, created.outs));
      results.push(
        await h.provider.update(created.id, created.outs as Props, inputs([row({ value: 0.2 })])),
      );
      results.push(await h.provider.diff(created.id, created.outs as Props, inputs()));
      // Failures on the way: a refused statement, a SQL error, a dropped connection.
      h.warehouse.faults.failStatements({ match: "MERGE", message: "refused" });
      results.push(
        await h.provider
          .update(created.id, inputs([row({ value: 0.2 })]), inputs())
          .catch((e: Error) => e.message),
      );
      h.warehouse.faults.failHttp({ status: 401, methods: ["ExecuteStatement"] });
      results.push(
        await h.provider
          .read(created.id, created.outs)
          .catch((e: Error) => `${e.message} ${String((e as Error & { cause?: unknown }).cause)}`),
      );
      await h.provider.delete(created.id, created.outs as Props);
    });
    expect(results.filter((r) => typeof r === "string")).toHaveLength(2); // the failures happened
    expect(JSON.stringify(results)).not.toContain(token);
    expect(logs).not.toContain(token);
  });
});
