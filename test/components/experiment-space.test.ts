import type { ModelSpec } from "../../config/model-spec";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { TOKENS, ofType, only, runInMocks, valueOf } from "../helpers/governance-runtime";
import { loadFixture } from "../helpers/load";
import { partsOf } from "../helpers/component-args";

/** The experiment component in Pulumi's mock runtime: folder, experiment, permissions, adoption. */

type Components = typeof import("../../components/ExperimentSpace");
const component = (): Components => require("../../components/ExperimentSpace") as Components;

function specOf(stack: Record<string, unknown>, stackName = "dev"): ModelSpec {
  const [spec] = loadFixture(
    { fraud: baseModel() },
    baseStack({ environment: stackName, ...stack }),
    stackName,
  ).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

const permissions = {
  governance: {
    experiment: {
      permissions: {
        "data-scientists": "CAN_EDIT",
        "jane.doe@example.com": "CAN_MANAGE",
        "6f1c2a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6": "CAN_READ",
      },
    },
  },
};

describe("ExperimentSpace", () => {
  it("creates the model's folder, then the experiment in it, and exports the experiment id and path", async () => {
    const { resources, outputs } = await runInMocks(
      () => new (component().ExperimentSpace)("fraud-experiment", partsOf(specOf({})).experiment!),
    );
    const folder = only(resources, TOKENS.directory);
    expect(folder.inputs).toEqual({ path: "/Shared/model-monitoring/dev/experiments/fraud" });
    expect(folder.retainOnDelete).toBe(true);
    const experiment = only(resources, TOKENS.experiment);
    expect(experiment.inputs).toEqual({
      name: "/Shared/model-monitoring/dev/experiments/fraud/training",
    });
    expect(experiment.dependsOn).toContain("fraud-experiment-folder");
    expect(experiment.parent).toBe("fraud-experiment");
    expect(await valueOf(outputs.experimentId)).toBe("1234567890123456");
    expect(await valueOf(outputs.experimentPath)).toBe(
      "/Shared/model-monitoring/dev/experiments/fraud/training",
    );
  });

  it("grants experiment permissions to users, service principals and groups by their kind", async () => {
    const { resources } = await runInMocks(
      () =>
        new (component().ExperimentSpace)(
          "fraud-experiment",
          partsOf(specOf(permissions)).experiment!,
        ),
    );
    const granted = only(resources, TOKENS.permissions);
    expect(granted.inputs).toEqual({
      experimentId: "1234567890123456",
      accessControls: [
        {
          servicePrincipalName: "6f1c2a9e-1b2c-4d3e-8f90-a1b2c3d4e5f6",
          permissionLevel: "CAN_READ",
        },
        { groupName: "data-scientists", permissionLevel: "CAN_EDIT" },
        { userName: "jane.doe@example.com", permissionLevel: "CAN_MANAGE" },
      ],
    });
    expect(granted.dependsOn).toContain("fraud-experiment");
  });

  it("declares no permissions resource when none are configured", async () => {
    const { resources } = await runInMocks(
      () => new (component().ExperimentSpace)("fraud-experiment", partsOf(specOf({})).experiment!),
    );
    expect(ofType(resources, TOKENS.permissions)).toEqual([]);
  });

  it("protects and retains the experiment (training history) in prod only", async () => {
    const prod = await runInMocks(
      () => new (component().ExperimentSpace)("e", partsOf(specOf({}, "prod")).experiment!),
      { stack: "prod" },
    );
    expect(only(prod.resources, TOKENS.experiment)).toMatchObject({
      protect: true,
      retainOnDelete: true,
    });
    const dev = await runInMocks(
      () => new (component().ExperimentSpace)("e", partsOf(specOf({})).experiment!),
    );
    expect(only(dev.resources, TOKENS.experiment)).toMatchObject({
      protect: false,
      retainOnDelete: false,
    });
  });

  it("adopts an existing experiment by id when the stack names one for the model", async () => {
    const spec = specOf({ models: { fraud: { governance: { experiment: { adoptId: "777" } } } } });
    const { resources, outputs } = await runInMocks(
      () => new (component().ExperimentSpace)("e", partsOf(spec).experiment!),
    );
    expect(only(resources, TOKENS.experiment).importId).toBe("777");
    expect(await valueOf(outputs.experimentId)).toBe("777");
  });
});
