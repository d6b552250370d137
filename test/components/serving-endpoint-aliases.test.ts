import { planStack } from "../../cli/plan/plan-stack";
import type { ModelSpec } from "../../config/model-spec";
import { REPO_ROOT, baseModel, baseStack } from "../helpers/fixture-project";
import {
  TOKENS,
  aliasesAnswer,
  only,
  runInMocks,
  settled,
  valueOf,
} from "../helpers/governance-runtime";
import { loadFixture } from "../helpers/load";
import { partsOf } from "../helpers/component-args";

/**
 * Serving by alias: the endpoint asks Unity Catalog (databricks.getRegisteredModel, answered
 * here by a mocked invoke) which version an alias points at, on every deployment.
 */

type Components = typeof import("../../components/ServingEndpoint");
const component = (): Components => require("../../components/ServingEndpoint") as Components;

function specOf(model: Record<string, unknown>, stack: Record<string, unknown> = {}): ModelSpec {
  const { version: _v, ...rest } = baseModel();
  const [spec] = loadFixture({ fraud: { ...rest, ...model } }, baseStack(stack)).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

const entityVersions = (resources: Awaited<ReturnType<typeof runInMocks>>["resources"]) =>
  (
    only(resources, TOKENS.serving).inputs.config as {
      servedEntities: { name: string; entityVersion: string }[];
    }
  ).servedEntities.map((e) => [e.name, e.entityVersion]);

describe("serving by alias", () => {
  const split = {
    served: [
      { name: "champion", alias: "champion", trafficPercentage: 90 },
      { name: "challenger", alias: "challenger", trafficPercentage: 10 },
    ],
  };

  it("resolves every alias of a traffic split with one lookup of the stack's registered model", async () => {
    const spec = specOf(split, { governance: { registeredModel: { catalog: "ml_prod" } } });
    const { resources, invokes, outputs } = await runInMocks(
      () => new (component().ServingEndpoint)("fraud-endpoint", partsOf(spec).endpoint),
      { invokes: aliasesAnswer({ champion: 7, challenger: 9, shadow: 10 }) },
    );
    expect(invokes).toEqual([
      {
        token: TOKENS.getRegisteredModel,
        inputs: { fullName: "ml_prod.models.fraud", includeAliases: true },
      },
    ]);
    const serving = only(resources, TOKENS.serving);
    expect((serving.inputs.config as { servedEntities: unknown[] }).servedEntities).toMatchObject([
      { name: "champion", entityName: "ml_prod.models.fraud", entityVersion: "7" },
      { name: "challenger", entityName: "ml_prod.models.fraud", entityVersion: "9" },
    ]);
    expect(await valueOf(outputs.servedVersions)).toEqual({ champion: "7", challenger: "9" });
  });

  it("rolls the endpoint when the alias moves: the next deployment serves the new version", async () => {
    const spec = specOf({ alias: "champion" });
    const deploy = async (champion: number) =>
      entityVersions(
        (
          await runInMocks(() => new (component().ServingEndpoint)("e", partsOf(spec).endpoint), {
            invokes: aliasesAnswer({ champion }),
          })
        ).resources,
      );
    expect(await deploy(7)).toEqual([["champion", "7"]]);
    expect(await deploy(8)).toEqual([["champion", "8"]]);
  });

  it("asks nothing when every entity is pinned to a version", async () => {
    const spec = specOf({ version: "3" });
    const { invokes, resources } = await runInMocks(
      () => new (component().ServingEndpoint)("e", partsOf(spec).endpoint),
    );
    expect(invokes).toEqual([]);
    expect(entityVersions(resources)).toEqual([["champion", "3"]]);
  });

  it("mixes a pinned champion with an aliased challenger", async () => {
    const served = [
      { name: "champion", version: "7", trafficPercentage: 80 },
      { name: "challenger", alias: "challenger", trafficPercentage: 20 },
    ];
    const { resources } = await runInMocks(
      () => new (component().ServingEndpoint)("e", partsOf(specOf({ served })).endpoint),
      {
        invokes: aliasesAnswer({ challenger: 12 }),
      },
    );
    expect(entityVersions(resources)).toEqual([
      ["champion", "7"],
      ["challenger", "12"],
    ]);
  });

  it("fails the deployment, naming the model and the aliases it has, when the alias is missing", async () => {
    // Resolved on a bare parent: a failing registration would surface as an unhandled
    // rejection, which jest reports on its own instead of letting the test observe it.
    const spec = specOf(split);
    const { outputs } = await runInMocks(
      () => {
        const parent = new (
          require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")
        ).ComponentResource("test:index:Parent", "p");
        return component().resolveServedVersions(
          spec.registeredModel,
          spec.endpoint.servedEntities,
          parent,
        );
      },
      { invokes: aliasesAnswer({ champion: 7 }) },
    );
    const [champion, challenger] = outputs;
    expect(await valueOf(champion as never)).toBe("7");
    await expect(settled(challenger as never)).rejects.toThrow(
      'registered model ml.models.fraud has no alias "challenger" (aliases: champion)',
    );
  });
});

describe("the offline plan", () => {
  it("shows an aliased version as resolved at deploy, for the stack's own registered model", async () => {
    const plan = await planStack(REPO_ROOT, "prod");
    expect(plan.ok).toBe(true);
    const churn = plan.resources.find(
      (r) => r.type === TOKENS.serving && r.name === "churn-classifier-endpoint",
    );
    expect((churn?.inputs.config as { servedEntities: unknown[] }).servedEntities).toMatchObject([
      {
        name: "champion",
        entityName: "ml_prod.models.churn_classifier",
        entityVersion: '<alias "champion": version resolved at deploy>',
      },
      {
        name: "challenger",
        entityName: "ml_prod.models.churn_classifier",
        entityVersion: '<alias "challenger": version resolved at deploy>',
      },
    ]);
  });
});
