import {
  ENDPOINT_IGNORE_CHANGES,
  ServingEndpoint,
  versionOfAlias,
} from "../../components/ServingEndpoint";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { TYPES, inMockRuntime, ofType, single } from "../helpers/mock-program";
import { partsOf } from "../helpers/component-args";

const GET_REGISTERED_MODEL = "databricks:index/getRegisteredModel:getRegisteredModel";

function specOf(model: Record<string, unknown>, stack = baseStack(), stackName = "dev") {
  const [spec] = loadFixture({ fraud: model }, stack, stackName).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

describe("ServingEndpoint", () => {
  // Issue 11: the provider's update acts on config, tags and AI Gateway only and reads the old
  // description back, so an edited description was a diff that no up ever applied.
  it("sends the description on create and ignores edits to it, never replacing the endpoint", async () => {
    const spec = specOf(baseModel({ description: "Flags fraudulent card payments." }));
    const { resources } = await inMockRuntime(
      () => new ServingEndpoint("fraud-endpoint", partsOf(spec).endpoint),
    );
    const serving = single(resources, TYPES.serving);
    expect(serving.inputs.description).toBe("Flags fraudulent card payments.");
    expect(serving.options.ignoreChanges).toContain("description");
    expect(serving.options.ignoreChanges).toEqual(ENDPOINT_IGNORE_CHANGES);
    expect(serving.options.replaceOnChanges ?? []).not.toContain("description");
  });

  it("declares named served entities, traffic routes and the AI Gateway inference table", async () => {
    const { version: _v, ...model } = baseModel();
    const spec = specOf({
      ...model,
      served: [
        { name: "champion", version: "3", trafficPercentage: 80 },
        { name: "challenger", version: "4", trafficPercentage: 20 },
      ],
      serving: { tags: { team: "risk" }, queryGroups: ["fraud-app", "analysts"] },
    });
    const { resources } = await inMockRuntime(
      () => new ServingEndpoint("fraud-endpoint", partsOf(spec).endpoint),
    );
    const serving = single(resources, TYPES.serving);
    expect(serving.parentUrn).toMatch(/ServingEndpoint::fraud-endpoint$/);
    expect(serving.inputs).toMatchObject({
      name: "fraud-dev",
      config: {
        servedEntities: [
          {
            name: "champion",
            entityName: "ml.models.fraud",
            entityVersion: "3",
            workloadSize: "Small",
            scaleToZeroEnabled: true,
          },
          { name: "challenger", entityName: "ml.models.fraud", entityVersion: "4" },
        ],
        trafficConfig: {
          routes: [
            { servedEntityName: "champion", trafficPercentage: 80 },
            { servedEntityName: "challenger", trafficPercentage: 20 },
          ],
        },
      },
      aiGateway: {
        inferenceTableConfig: {
          enabled: true,
          catalogName: "ml_dev",
          schemaName: "inference",
          tableNamePrefix: "fraud",
        },
      },
    });
    expect(serving.inputs).not.toHaveProperty("config.autoCaptureConfig");
    expect(serving.inputs.tags).toEqual([
      { key: "managed-by", value: "pulumi" },
      { key: "model", value: "fraud" },
      { key: "team", value: "risk" },
    ]);
    expect(serving.options.customTimeouts).toEqual({ create: "60m", update: "60m", delete: "20m" });

    const permissions = single(resources, TYPES.permissions);
    expect(permissions.inputs.accessControls).toEqual([
      { groupName: "fraud-app", permissionLevel: "CAN_QUERY" },
      { groupName: "analysts", permissionLevel: "CAN_QUERY" },
    ]);
    expect(permissions.dependsOn).toContain(serving.urn);
  });

  it("uses provisioned concurrency instead of a workload size when configured", async () => {
    const spec = specOf(
      baseModel({ serving: { minProvisionedConcurrency: 4, maxProvisionedConcurrency: 12 } }),
      baseStack({ environment: "prod" }),
      "prod",
    );
    const { resources } = await inMockRuntime(
      () => new ServingEndpoint("fraud-endpoint", partsOf(spec).endpoint),
      { stack: "prod" },
    );
    const [entity] = (
      single(resources, TYPES.serving).inputs.config as {
        servedEntities: Record<string, unknown>[];
      }
    ).servedEntities;
    expect(entity).toMatchObject({
      minProvisionedConcurrency: 4,
      maxProvisionedConcurrency: 12,
      scaleToZeroEnabled: false,
    });
    expect(entity).not.toHaveProperty("workloadSize");
  });

  it("grants nothing when no query groups are configured", async () => {
    const { resources } = await inMockRuntime(
      () => new ServingEndpoint("fraud-endpoint", partsOf(specOf(baseModel())).endpoint),
    );
    expect(ofType(resources, TYPES.permissions)).toHaveLength(0);
  });

  it("resolves an alias to the version the registered model points at", async () => {
    const { version: _v, ...model } = baseModel();
    const spec = specOf({ ...model, alias: "champion" });
    const invoked: Record<string, unknown>[] = [];
    const invoke = (token: string, inputs: Record<string, unknown>) => {
      if (token !== GET_REGISTERED_MODEL) return undefined;
      invoked.push(inputs);
      return {
        modelInfos: [
          {
            aliases: [
              { aliasName: "challenger", versionNum: 5 },
              { aliasName: "champion", versionNum: 4 },
            ],
          },
        ],
      };
    };
    const { resources, outputs } = await inMockRuntime(
      () => new ServingEndpoint("fraud-endpoint", partsOf(spec).endpoint),
      { invoke },
    );
    expect(invoked).toEqual([{ fullName: "ml.models.fraud", includeAliases: true }]);
    const entities = (
      single(resources, TYPES.serving).inputs.config as {
        servedEntities: Record<string, unknown>[];
      }
    ).servedEntities;
    expect(entities[0]?.entityVersion).toBe("4");
    const versions = await new Promise((resolve) => outputs.servedVersions.apply(resolve));
    expect(versions).toEqual({ champion: "4" });
  });

  it("fails clearly when the alias does not exist", () => {
    const model = { modelInfos: [{ aliases: [{ aliasName: "challenger", versionNum: 5 }] }] };
    expect(() => versionOfAlias(model, "ml.models.fraud", "champion")).toThrow(
      'registered model ml.models.fraud has no alias "champion" (aliases: challenger)',
    );
    expect(versionOfAlias(model, "ml.models.fraud", "challenger")).toBe("5");
  });
});
