import { planStack } from "../../cli/plan/plan-stack";
import type { PlannedResource } from "../../policies/planned-resource";
import { PROVIDER_READ_BACK } from "../../components/provider-read-back";
import { readBackViolations, valuesAt } from "../../components/read-back-check";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * Every planned resource of every shipped stack, checked against what the bridged provider
 * reads back (components/provider-read-back.ts): no field is sent in a way that turns into a
 * diff, or a replacement, after a refresh.
 */

const SHIPPED_STACKS = ["dev", "acc", "prod"];
const plans = new Map<string, PlannedResource[]>();

beforeAll(async () => {
  for (const stack of SHIPPED_STACKS) {
    const plan = await planStack(REPO_ROOT, stack);
    if (!plan.ok) throw new Error(`stack ${stack} does not plan: ${JSON.stringify(plan.problems)}`);
    plans.set(stack, plan.resources);
  }
});

describe.each(SHIPPED_STACKS)("stack %s", (stack) => {
  const resources = () => (plans.get(stack) ?? []).filter((r) => r.custom);

  it("sends no field against the provider's read-back", () => {
    expect(resources().flatMap(readBackViolations)).toEqual([]);
  });

  it("has read-back facts for every Databricks resource type it declares", () => {
    const unreviewed = resources()
      .map((r) => r.type)
      .filter((type) => type.startsWith("databricks:") && PROVIDER_READ_BACK[type] === undefined);
    expect([...new Set(unreviewed)]).toEqual([]);
  });
});

describe("readBackViolations", () => {
  const monitor = (inputs: Record<string, unknown>, options: PlannedResource["options"] = {}) => ({
    type: "databricks:index/qualityMonitor:QualityMonitor",
    name: "m",
    inputs,
    options: {
      replaceOnChanges: ["tableName", "assetsDir", "outputSchemaName", "warehouseId"],
      ignoreChanges: ["skipBuiltinDashboard"],
      ...options,
    },
  });

  it("accepts a monitor that sends only what is read back", () => {
    expect(readBackViolations(monitor({ tableName: "c.s.t", skipBuiltinDashboard: true }))).toEqual(
      [],
    );
  });

  it("finds a default the provider drops, a name in upper case and a replace on it", () => {
    const found = readBackViolations(
      monitor(
        { tableName: "C.s.t", skipBuiltinDashboard: false, customMetrics: [] },
        {
          replaceOnChanges: [
            "tableName",
            "assetsDir",
            "outputSchemaName",
            "warehouseId",
            "skipBuiltinDashboard",
          ],
        },
      ),
    );
    expect(found).toEqual([
      expect.stringContaining("skipBuiltinDashboard: sends false"),
      expect.stringContaining(
        "skipBuiltinDashboard: create-only and ignored, so it must not be in",
      ),
      expect.stringContaining("tableName: not lower case"),
      expect.stringContaining("customMetrics: sends []"),
      expect.stringContaining("replaceOnChanges skipBuiltinDashboard: not listed as create-only"),
      expect.stringContaining("replaceOnChanges skipBuiltinDashboard: not read back when default"),
    ]);
  });

  it("requires a create-only field to be ignored, never replaced", () => {
    const endpoint = {
      type: "databricks:index/modelServing:ModelServing",
      name: "e",
      inputs: { name: "e", description: "d" },
      options: { replaceOnChanges: ["description"] },
    };
    expect(readBackViolations(endpoint)).toEqual([
      expect.stringContaining("description: create-only, so it must be in ignoreChanges"),
      expect.stringContaining("replaceOnChanges description: not listed as create-only"),
    ]);
  });

  it("reads values through lists", () => {
    expect(valuesAt({ a: [{ b: 1 }, { b: 2 }, {}] }, "a[].b")).toEqual([1, 2]);
    expect(valuesAt({ a: { b: { c: 0 } } }, "a.b.c")).toEqual([0]);
    expect(valuesAt({ a: null }, "a.b")).toEqual([]);
  });
});
