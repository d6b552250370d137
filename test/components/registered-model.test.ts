import type { ModelSpec } from "../../config/model-spec";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { TOKENS, ofType, only, runInMocks, valueOf } from "../helpers/governance-runtime";
import { loadFixture } from "../helpers/load";
import { partsOf } from "../helpers/component-args";

/** The registered model component in Pulumi's mock runtime: inputs, grants, options, adoption. */

type Components = typeof import("../../components/RegisteredModel");
const component = (): Components => require("../../components/RegisteredModel") as Components;

function specOf(
  model: Record<string, unknown>,
  stack: Record<string, unknown>,
  stackName = "dev",
): ModelSpec {
  const [spec] = loadFixture(
    { fraud: model },
    baseStack({ environment: stackName, ...stack }),
    stackName,
  ).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

const governed = {
  governance: {
    registeredModel: {
      catalog: "ml_prod",
      owner: "ml-release",
      grants: {
        "ml-engineers": ["EXECUTE"],
        "ml-platform": ["MANAGE"],
        "fraud-batch@example.com": ["EXECUTE", "APPLY_TAG"],
      },
    },
  },
};

describe("RegisteredModel", () => {
  it("declares the stack's registered model with comment and owner, and authoritative grants when opted in", async () => {
    const spec = specOf(
      baseModel({ description: "Flags fraudulent card payments." }),
      {
        governance: {
          registeredModel: { ...governed.governance.registeredModel, authoritativeGrants: true },
        },
      },
      "prod",
    );
    const { resources, outputs } = await runInMocks(
      () =>
        new (component().RegisteredModel)("fraud-registered-model", partsOf(spec).registeredModel!),
      { stack: "prod" },
    );
    const model = only(resources, TOKENS.registeredModel);
    expect(model.parent).toBe("fraud-registered-model");
    expect(model.inputs).toEqual({
      catalogName: "ml_prod",
      schemaName: "models",
      name: "fraud",
      comment: "Flags fraudulent card payments.",
      owner: "ml-release",
    });
    const grants = only(resources, TOKENS.grants);
    expect(grants.inputs).toEqual({
      model: "ml_prod.models.fraud",
      grants: [
        { principal: "fraud-batch@example.com", privileges: ["APPLY_TAG", "EXECUTE"] },
        { principal: "ml-engineers", privileges: ["EXECUTE"] },
        { principal: "ml-platform", privileges: ["MANAGE"] },
      ],
    });
    // Grants are applied after the model exists (and after an owner change).
    expect(grants.dependsOn).toContain("fraud-registered-model");
    expect(await valueOf(outputs.fullName)).toBe("ml_prod.models.fraud");
    expect(await valueOf(outputs.owner)).toBe("ml-release");
  });

  it("by default grants per principal and leaves other principals' grants alone", async () => {
    const spec = specOf(baseModel(), governed, "prod");
    const { resources } = await runInMocks(
      () =>
        new (component().RegisteredModel)("fraud-registered-model", partsOf(spec).registeredModel!),
      { stack: "prod" },
    );
    expect(ofType(resources, TOKENS.grants)).toEqual([]);
    const grants = ofType(resources, TOKENS.grant);
    expect(grants.map((g) => [g.name, g.inputs]).sort()).toEqual([
      [
        "fraud-registered-model-grant-fraud-batch@example.com",
        {
          model: "ml_prod.models.fraud",
          principal: "fraud-batch@example.com",
          privileges: ["APPLY_TAG", "EXECUTE"],
        },
      ],
      [
        "fraud-registered-model-grant-ml-engineers",
        { model: "ml_prod.models.fraud", principal: "ml-engineers", privileges: ["EXECUTE"] },
      ],
      [
        "fraud-registered-model-grant-ml-platform",
        { model: "ml_prod.models.fraud", principal: "ml-platform", privileges: ["MANAGE"] },
      ],
    ]);
    for (const grant of grants) expect(grant.dependsOn).toContain("fraud-registered-model");
  });

  it("never lets Pulumi delete the model's versions or move its aliases; protects it in prod", async () => {
    const run = async (stack: string) => {
      const spec = specOf(baseModel(), governed, stack);
      const { resources } = await runInMocks(
        () => new (component().RegisteredModel)("fraud-rm", partsOf(spec).registeredModel!),
        { stack },
      );
      return only(resources, TOKENS.registeredModel);
    };
    const dev = await run("dev");
    expect(dev).toMatchObject({ retainOnDelete: true, protect: false, ignoreChanges: ["aliases"] });
    expect(dev.importId).toBeUndefined();
    const prod = await run("prod");
    expect(prod).toMatchObject({ retainOnDelete: true, protect: true, ignoreChanges: ["aliases"] });
  });

  it("adopts a model the training pipeline created by importing it under its full name", async () => {
    const spec = specOf(
      baseModel(),
      { governance: { registeredModel: { catalog: "ml_acc", adopt: true } } },
      "acc",
    );
    const { resources } = await runInMocks(
      () => new (component().RegisteredModel)("fraud-rm", partsOf(spec).registeredModel!),
      { stack: "acc" },
    );
    const model = only(resources, TOKENS.registeredModel);
    expect(model.importId).toBe("ml_acc.models.fraud");
    // Adoption changes nothing else: same inputs as a model Pulumi creates.
    expect(model.inputs).toEqual({ catalogName: "ml_acc", schemaName: "models", name: "fraud" });
  });

  it("declares no grants when none are configured, leaving hand-made grants alone", async () => {
    const spec = specOf(baseModel(), {});
    const { resources } = await runInMocks(
      () => new (component().RegisteredModel)("fraud-rm", partsOf(spec).registeredModel!),
    );
    expect(ofType(resources, TOKENS.grants)).toEqual([]);
    expect(only(resources, TOKENS.registeredModel).inputs).toEqual({
      catalogName: "ml",
      schemaName: "models",
      name: "fraud",
    });
  });
});
