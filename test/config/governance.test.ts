import { readStackConfig } from "../../cli/plan/stack-file";
import { loadProject } from "../../config/load-project";
import type { ModelSpec } from "../../config/model-spec";
import { principalKind } from "../../config/principals";
import { projectConfigFrom } from "../../config/pulumi-config";
import { REPO_ROOT, baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";

/** How governance settings resolve per model and stack (no Pulumi runtime). */

function specOf(
  model: Record<string, unknown> = baseModel(),
  stack = baseStack(),
  stackName = "dev",
): ModelSpec {
  const [spec] = loadFixture({ fraud: model }, stack, stackName).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

describe("governance defaults", () => {
  it("manages the model file's registered model and gives each model an experiment of its own", () => {
    const spec = specOf(baseModel({ description: "Flags fraudulent card payments." }));
    expect(spec.registeredModel).toBe("ml.models.fraud");
    expect(spec.governance).toEqual({
      registeredModel: {
        manage: true,
        catalog: "ml",
        schema: "models",
        name: "fraud",
        adopt: false,
        authoritativeGrants: false,
        comment: "Flags fraudulent card payments.",
        grants: [],
      },
      experiment: {
        folder: "/Shared/model-monitoring/dev/experiments/fraud",
        name: "/Shared/model-monitoring/dev/experiments/fraud/training",
        permissions: [],
      },
    });
  });

  it("leaves comment and owner unmanaged when nobody gives them", () => {
    const { registeredModel } = specOf().governance;
    expect(registeredModel).not.toHaveProperty("comment");
    expect(registeredModel).not.toHaveProperty("owner");
  });
});

describe("per-stack registered model", () => {
  it("moves the model into the stack's catalog, for governance and for serving alike", () => {
    const spec = specOf(
      baseModel(),
      baseStack({ governance: { registeredModel: { catalog: "ml_prod" } } }),
      "prod",
    );
    expect(spec.registeredModel).toBe("ml_prod.models.fraud");
    expect(spec.governance.registeredModel).toMatchObject({
      catalog: "ml_prod",
      schema: "models",
      name: "fraud",
    });
  });

  it("takes owner, adoption and comment from the most specific layer", () => {
    const model = baseModel({
      governance: { registeredModel: { comment: "From the model file", owner: "ml-engineers" } },
    });
    const stack = baseStack({
      governance: { registeredModel: { owner: "ml-release", adopt: true } },
      models: { fraud: { governance: { registeredModel: { comment: "Per-model override" } } } },
    });
    expect(specOf(model, stack).governance.registeredModel).toMatchObject({
      owner: "ml-release",
      adopt: true,
      comment: "Per-model override",
    });
  });
});

describe("grants merge principal by principal", () => {
  const model = baseModel({
    governance: {
      registeredModel: { grants: { "fraud-analysts": ["EXECUTE"], "ml-engineers": ["EXECUTE"] } },
    },
  });

  it("adds stack-wide grants to the model's, and lets the stack change a principal's privileges", () => {
    const stack = baseStack({
      governance: {
        registeredModel: {
          grants: { "ml-engineers": ["EXECUTE", "APPLY_TAG"], "ml-platform": ["MANAGE"] },
        },
      },
    });
    expect(specOf(model, stack).governance.registeredModel.grants).toEqual([
      { principal: "fraud-analysts", privileges: ["EXECUTE"] },
      { principal: "ml-engineers", privileges: ["APPLY_TAG", "EXECUTE"] },
      { principal: "ml-platform", privileges: ["MANAGE"] },
    ]);
  });

  it("keeps one model's override out of the other models of the stack", () => {
    const stack = baseStack({
      governance: { registeredModel: { grants: { "ml-engineers": ["EXECUTE"] } } },
      models: {
        fraud: { governance: { registeredModel: { grants: { "fraud-analysts": ["EXECUTE"] } } } },
      },
    });
    const project = loadFixture(
      { fraud: baseModel(), spam: baseModel({ registeredModel: "ml.models.spam" }) },
      stack,
    );
    const principals = project.models.map((m) => [
      m.name,
      m.governance.registeredModel.grants.map((g) => g.principal),
    ]);
    expect(principals).toEqual([
      ["fraud", ["fraud-analysts", "ml-engineers"]],
      ["spam", ["ml-engineers"]],
    ]);
  });

  it("drops a principal that a later layer gives an empty list", () => {
    const stack = baseStack({
      models: { fraud: { governance: { registeredModel: { grants: { "fraud-analysts": [] } } } } },
    });
    expect(specOf(model, stack).governance.registeredModel.grants.map((g) => g.principal)).toEqual([
      "ml-engineers",
    ]);
  });
});

describe("experiment", () => {
  it("puts experiments under the stack's root and tells principals apart by form", () => {
    const stack = baseStack({
      governance: {
        experiment: {
          root: "/Shared/ml/experiments",
          permissions: {
            "data-scientists": "CAN_EDIT",
            "jane.doe@example.com": "CAN_MANAGE",
            "6f1c2a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6": "CAN_READ",
          },
        },
      },
    });
    const { experiment } = specOf(baseModel(), stack).governance;
    expect(experiment.name).toBe("/Shared/ml/experiments/fraud/training");
    expect(experiment.permissions).toEqual([
      {
        principal: "6f1c2a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6",
        kind: "servicePrincipal",
        level: "CAN_READ",
      },
      { principal: "data-scientists", kind: "group", level: "CAN_EDIT" },
      { principal: "jane.doe@example.com", kind: "user", level: "CAN_MANAGE" },
    ]);
  });

  it("adopts an existing experiment named per model in the stack", () => {
    const stack = baseStack({
      models: { fraud: { governance: { experiment: { adoptId: "4242" } } } },
    });
    expect(specOf(baseModel(), stack).governance.experiment.adoptId).toBe("4242");
  });
});

describe("principalKind", () => {
  it.each([
    ["ml-engineers", "group"],
    ["Data Engineers", "group"],
    ["account users", "group"],
    ["ana@example.com", "user"],
    ["6F1C2A9E-1B2C-4D3E-8F90-A1B2C3D4E5F6", "servicePrincipal"],
  ])("%s is a %s", (principal, kind) => {
    expect(principalKind(principal)).toBe(kind);
  });
});

describe("the shipped stacks", () => {
  const load = (stack: string) =>
    loadProject({
      root: REPO_ROOT,
      stack,
      stackConfig: projectConfigFrom(readStackConfig(REPO_ROOT, stack).config),
    });

  it("give every environment its own registered models, adopted from training", () => {
    for (const stack of ["dev", "acc", "prod"]) {
      for (const spec of load(stack).models) {
        expect(spec.registeredModel).toMatch(new RegExp(`^ml_${stack}\\.models\\.`));
        expect(spec.governance.registeredModel).toMatchObject({ manage: true, adopt: true });
        expect(spec.governance.experiment.name).toBe(
          `/Shared/model-monitoring/${stack}/experiments/${spec.name}/training`,
        );
      }
    }
  });

  it("let only the release group own acc and prod models, and tighten access towards prod", () => {
    const owners = (stack: string) => [
      ...new Set(load(stack).models.map((m) => m.governance.registeredModel.owner)),
    ];
    expect(owners("dev")).toEqual(["ml-engineers"]);
    expect(owners("acc")).toEqual(["ml-release"]);
    expect(owners("prod")).toEqual(["ml-release"]);
    const forecaster = (stack: string) =>
      load(stack).models.find((m) => m.name === "demand-forecaster");
    expect(forecaster("prod")?.governance.registeredModel.grants).toEqual([
      { principal: "ml-engineers", privileges: ["EXECUTE"] },
      { principal: "ml-platform-admins", privileges: ["MANAGE"] },
      { principal: "supply-chain-planners", privileges: ["EXECUTE"] },
    ]);
    const levels = (stack: string) =>
      forecaster(stack)?.governance.experiment.permissions.find(
        (p) => p.principal === "ml-engineers",
      )?.level;
    expect([levels("dev"), levels("acc"), levels("prod")]).toEqual([
      "CAN_MANAGE",
      "CAN_EDIT",
      "CAN_READ",
    ]);
  });

  it("serve the champion alias in acc and prod, and a pinned version where dev overrides it", () => {
    const served = (stack: string) =>
      load(stack).models.find((m) => m.name === "house-price-regressor")?.endpoint.servedEntities;
    expect(served("dev")).toEqual([{ name: "champion", version: "3", trafficPercentage: 100 }]);
    expect(served("prod")).toEqual([
      { name: "champion", alias: "champion", trafficPercentage: 100 },
    ]);
    const churn = load("prod").models.find((m) => m.name === "churn-classifier")?.endpoint
      .servedEntities;
    expect(churn?.map((e) => [e.name, e.alias, e.trafficPercentage])).toEqual([
      ["champion", "champion", 90],
      ["challenger", "challenger", 10],
    ]);
  });
});
