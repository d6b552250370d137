import { readStackConfig } from "../../cli/plan/stack-file";
import type { ModelLineage } from "../../components/MonitoredModel";
import { REPO_ROOT, baseModel, baseStack, fixtureProject } from "../helpers/fixture-project";
import {
  type RecordedResource,
  TOKENS,
  aliasesAnswer,
  ofType,
  runInMocks,
  valueOf,
} from "../helpers/governance-runtime";

/** The whole program per shipped stack in Pulumi's mock runtime: governance resources and lineage. */

type Program = typeof import("../../program");

async function deploy(stack: string, root = REPO_ROOT) {
  const { config } = readStackConfig(root, stack);
  return runInMocks(() => (require("../../program") as Program).defineStack(root), {
    stack,
    config,
    invokes: aliasesAnswer({ champion: 21, challenger: 22 }),
  });
}

const byName = (resources: RecordedResource[], type: string) =>
  new Map(ofType(resources, type).map((r) => [r.name, r]));

describe.each(["dev", "acc", "prod"])("stack %s", (stack) => {
  let resources: RecordedResource[];
  let models: Record<string, ModelLineage>;
  beforeAll(async () => {
    ({ resources, outputs: models } = await deploy(stack));
  });

  it("adopts one registered model per model, in the stack's own catalog, retained and alias-blind", () => {
    const registered = ofType(resources, TOKENS.registeredModel);
    expect(registered.map((r) => r.importId).sort()).toEqual([
      `ml_${stack}.models.churn_classifier`,
      `ml_${stack}.models.demand_forecaster`,
      `ml_${stack}.models.house_price_regressor`,
    ]);
    for (const model of registered) {
      expect(model.inputs.catalogName).toBe(`ml_${stack}`);
      expect(model).toMatchObject({
        retainOnDelete: true,
        protect: stack === "prod",
        ignoreChanges: ["aliases"],
      });
    }
  });

  it("serves the same registered model it governs", () => {
    for (const serving of ofType(resources, TOKENS.serving)) {
      const entities = (serving.inputs.config as { servedEntities: { entityName: string }[] })
        .servedEntities;
      for (const entity of entities)
        expect(entity.entityName).toMatch(new RegExp(`^ml_${stack}\\.models\\.`));
    }
  });

  it("gives every model a governed experiment and exports the lineage in one object per model", async () => {
    expect(
      ofType(resources, TOKENS.experiment)
        .map((e) => e.inputs.name)
        .sort(),
    ).toEqual(
      ["churn-classifier", "demand-forecaster", "house-price-regressor"].map(
        (m) => `/Shared/model-monitoring/${stack}/experiments/${m}/training`,
      ),
    );
    const permissions = ofType(resources, TOKENS.permissions).filter(
      (p) => p.inputs.experimentId !== undefined,
    );
    expect(permissions).toHaveLength(3);
    const churn = models["churn-classifier"] as ModelLineage;
    expect(churn.registeredModel).toBe(`ml_${stack}.models.churn_classifier`);
    expect(churn.servedAliases).toEqual({ champion: "champion", challenger: "challenger" });
    expect(await valueOf(churn.servedVersions)).toEqual({ champion: "21", challenger: "22" });
    expect(await valueOf(churn.experimentId)).toBe("1234567890123456");
    expect(await valueOf(churn.experimentPath)).toBe(
      `/Shared/model-monitoring/${stack}/experiments/churn-classifier/training`,
    );
    expect(await valueOf(churn.endpointName)).toBe(`churn-classifier-${stack}`);
    expect(await valueOf(churn.processedTable)).toBe(
      `ml_${stack}.inference.churn_classifier_processed`,
    );
  });
});

describe("grants differ per stack", () => {
  /** Per model, principal:privileges, from the authoritative Grants or the per-principal Grant. */
  const grantsOf = async (stack: string) => {
    const { resources } = await deploy(stack);
    const result: Record<string, string[]> = {};
    for (const [name, r] of byName(resources, TOKENS.grants))
      result[name.replace("-registered-model-grants", "")] = (
        r.inputs.grants as { principal: string; privileges: string[] }[]
      ).map((g) => `${g.principal}:${g.privileges.join("+")}`);
    for (const [name, r] of byName(resources, TOKENS.grant)) {
      const model = name.replace(/-registered-model-grant-.*$/, "");
      result[model] = [
        ...(result[model] ?? []),
        `${r.inputs.principal as string}:${(r.inputs.privileges as string[]).join("+")}`,
      ].sort();
    }
    return result;
  };

  it("lets data scientists register versions in dev only, and adds per-model consumers", async () => {
    expect((await grantsOf("dev"))["churn-classifier"]).toEqual([
      "data-scientists:CREATE_MODEL_VERSION+EXECUTE",
      "growth-analysts:EXECUTE",
      "ml-release:EXECUTE",
    ]);
    expect(await grantsOf("prod")).toEqual({
      "churn-classifier": [
        "growth-analysts:EXECUTE",
        "ml-engineers:EXECUTE",
        "ml-platform-admins:MANAGE",
      ],
      "demand-forecaster": [
        "ml-engineers:EXECUTE",
        "ml-platform-admins:MANAGE",
        "supply-chain-planners:EXECUTE",
      ],
      "house-price-regressor": [
        "ml-engineers:EXECUTE",
        "ml-platform-admins:MANAGE",
        "pricing-analysts:EXECUTE",
      ],
    });
  });

  it("gives the release group the experiments in acc and prod, and engineers less access towards prod", async () => {
    const levels = async (stack: string) => {
      const { resources } = await deploy(stack);
      const permissions = byName(resources, TOKENS.permissions).get(
        "churn-classifier-experiment-permissions",
      );
      return permissions?.inputs.accessControls;
    };
    expect(await levels("dev")).toEqual([
      { groupName: "data-scientists", permissionLevel: "CAN_EDIT" },
      { groupName: "ml-engineers", permissionLevel: "CAN_MANAGE" },
    ]);
    expect(await levels("prod")).toEqual([
      { groupName: "ml-engineers", permissionLevel: "CAN_READ" },
      { groupName: "ml-release", permissionLevel: "CAN_MANAGE" },
    ]);
  });
});

describe("a model governed by another stack", () => {
  it("is served but not declared: no registered model, no grants, the experiment stays", async () => {
    const root = fixtureProject(
      { fraud: baseModel() },
      {
        dev: baseStack({
          governance: { registeredModel: { manage: false, grants: { x: ["EXECUTE"] } } },
        }),
      },
    );
    const { resources, outputs } = await deploy("dev", root);
    expect(ofType(resources, TOKENS.registeredModel)).toEqual([]);
    expect(ofType(resources, TOKENS.grants)).toEqual([]);
    expect(ofType(resources, TOKENS.experiment)).toHaveLength(1);
    expect(outputs.fraud?.registeredModel).toBe("ml.models.fraud");
  });
});
