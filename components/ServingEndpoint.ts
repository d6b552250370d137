import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec, ServedEntitySpec } from "../config/model-spec";
import { COMPONENT_TYPES } from "../core/type-tokens";

export interface ServingEndpointArgs {
  spec: ModelSpec;
}

/**
 * Create-only inputs of an endpoint. Databricks has no call that changes a description, the
 * provider's update acts on config, tags and AI Gateway only, and its read returns the old
 * description: an edit would stay a diff forever (provider-read-back.ts). Ignored instead, and
 * never a reason to replace an endpoint (that is downtime): an edit applies to a new endpoint.
 */
export const ENDPOINT_IGNORE_CHANGES = ["description"];

/**
 * A model serving endpoint for one model: explicit served-entity names (so traffic routes
 * and the processed table's model id stay stable), the AI Gateway inference table that
 * logs every request (the legacy auto-capture config cannot be enabled any more), and
 * CAN_QUERY for the configured groups.
 */
export class ServingEndpoint extends pulumi.ComponentResource {
  readonly endpointName: pulumi.Output<string>;
  readonly endpointId: pulumi.Output<string>;
  /** Served entity name -> registered model version actually served. */
  readonly servedVersions: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ServingEndpointArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ServingEndpoint, name, {}, opts);
    const { spec } = args;
    const endpoint = spec.endpoint;

    const versions = resolveServedVersions(spec.registeredModel, endpoint.servedEntities, this);
    const servedVersions = pulumi
      .all(versions)
      .apply((resolved) =>
        Object.fromEntries(endpoint.servedEntities.map((e, i) => [e.name, resolved[i] ?? ""])),
      );

    const timeout = `${endpoint.timeoutMinutes}m`;
    const serving = new databricks.ModelServing(
      name,
      {
        name: endpoint.name,
        description: spec.description,
        config: {
          servedEntities: endpoint.servedEntities.map((entity, i) => ({
            name: entity.name,
            entityName: spec.registeredModel,
            entityVersion: versions[i],
            workloadSize: endpoint.workloadSize,
            workloadType: endpoint.workloadType,
            minProvisionedConcurrency: endpoint.minProvisionedConcurrency,
            maxProvisionedConcurrency: endpoint.maxProvisionedConcurrency,
            scaleToZeroEnabled: endpoint.scaleToZero,
          })),
          trafficConfig: {
            routes: endpoint.servedEntities.map((entity) => ({
              servedEntityName: entity.name,
              trafficPercentage: entity.trafficPercentage,
            })),
          },
        },
        aiGateway: {
          // Catalog, schema and prefix cannot be changed while logging is enabled: Databricks
          // requires disabling it first (docs/databricks-api.md, AI Gateway payload logging), so changing them fails the update.
          // Moving a model's payload table is a manual step (README, "Operating it").
          inferenceTableConfig: {
            enabled: true,
            catalogName: spec.inference.payloadTable.catalog,
            schemaName: spec.inference.payloadTable.schema,
            tableNamePrefix: spec.inference.tablePrefix,
          },
        },
        tags: Object.entries({ ...endpoint.tags, "managed-by": "pulumi", model: spec.name })
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, value]) => ({ key, value })),
      },
      // Endpoints take up to ~30 minutes to provision; the provider's default is 45 minutes.
      {
        parent: this,
        customTimeouts: { create: timeout, update: timeout, delete: "20m" },
        ignoreChanges: ENDPOINT_IGNORE_CHANGES,
      },
    );

    if (endpoint.queryGroups.length > 0) {
      // databricks.Permissions is authoritative for the endpoint: it replaces grants made by hand.
      new databricks.Permissions(
        `${name}-query`,
        {
          servingEndpointId: serving.servingEndpointId,
          accessControls: endpoint.queryGroups.map((group) => ({
            groupName: group,
            permissionLevel: "CAN_QUERY",
          })),
        },
        { parent: this },
      );
    }

    this.endpointName = serving.name;
    this.endpointId = serving.servingEndpointId;
    this.servedVersions = servedVersions;
    this.registerOutputs({
      endpointName: this.endpointName,
      endpointId: this.endpointId,
      servedVersions: this.servedVersions,
    });
  }
}

/**
 * A version is used as given; an alias is looked up in Unity Catalog at deploy time, so
 * moving the alias and running `pulumi up` rolls the endpoint to the new version (and
 * `pulumi preview --expect-no-changes` reports an alias that moved since the last update).
 * One lookup serves every aliased entity of the endpoint.
 */
export function resolveServedVersions(
  registeredModel: string,
  entities: readonly ServedEntitySpec[],
  parent: pulumi.Resource,
): pulumi.Output<string>[] {
  if (entities.every((entity) => entity.version !== undefined)) {
    return entities.map((entity) => pulumi.output(entity.version ?? ""));
  }
  const model = databricks.getRegisteredModelOutput(
    { fullName: registeredModel, includeAliases: true },
    { parent },
  );
  return entities.map((entity) =>
    entity.version !== undefined
      ? pulumi.output(entity.version)
      : model.apply((found) => versionOfAlias(found, registeredModel, entity.alias ?? "")),
  );
}

/** The version an alias points at; a missing alias fails the deployment with a clear message. */
export function versionOfAlias(
  model: { modelInfos?: { aliases?: { aliasName?: string; versionNum?: number | string }[] }[] },
  registeredModel: string,
  alias: string,
): string {
  const found = model.modelInfos?.[0]?.aliases?.find((a) => a.aliasName === alias);
  if (found?.versionNum === undefined) {
    const known =
      (model.modelInfos?.[0]?.aliases ?? []).map((a) => a.aliasName).join(", ") || "none";
    throw new Error(
      `registered model ${registeredModel} has no alias "${alias}" (aliases: ${known})`,
    );
  }
  return String(found.versionNum);
}
