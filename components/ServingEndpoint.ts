import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { BUILT_IN } from "../core/defaults";
import type { WorkloadSize, WorkloadType } from "../core/enums";
import { COMPONENT_TYPES } from "../core/type-tokens";
import { servingEndpointProblems } from "./arg-checks";
import { rejectProblems } from "./options";

/** One served version of the registered model: exactly one of `version` and `alias`. */
export interface ServedEntityArgs {
  /** Stable name (e.g. champion, challenger): traffic routes and the monitor's model ids use it. */
  name: string;
  version?: pulumi.Input<string>;
  /** Looked up in Unity Catalog at deploy time, so moving the alias and `pulumi up` rolls the endpoint. */
  alias?: string;
  /** Share of the traffic; the entities' shares add up to 100. */
  trafficPercentage: number;
}

export interface ServingEndpointArgs {
  /** The model's name, for the endpoint's `model` tag. */
  model: string;
  /** The endpoint's name: letters, digits, - and _, unique in the workspace. */
  endpointName: pulumi.Input<string>;
  /** The Unity Catalog registered model served: `catalog.schema.name`. */
  registeredModel: pulumi.Input<string>;
  servedEntities: ServedEntityArgs[];
  /** Where the AI Gateway logs every request: `<catalog>.<schema>.<tablePrefix>_payload`. */
  inferenceTable: {
    catalog: pulumi.Input<string>;
    schema: pulumi.Input<string>;
    tablePrefix: pulumi.Input<string>;
  };
  /** Concurrency tier of each entity; give it or a provisioned concurrency range (default Small). */
  workloadSize?: WorkloadSize;
  minProvisionedConcurrency?: number;
  maxProvisionedConcurrency?: number;
  /** Compute type; default CPU. */
  workloadType?: pulumi.Input<WorkloadType>;
  /** Scale idle entities to zero (cold starts); default false. */
  scaleToZero?: pulumi.Input<boolean>;
  /** Workspace groups granted CAN_QUERY (authoritative: grants made by hand are removed). */
  queryGroups?: string[];
  /** Endpoint tags, besides `managed-by` and `model`. */
  tags?: Record<string, string>;
  /** Create and update timeout; default 60 (endpoints take about 30 minutes to provision). */
  timeoutMinutes?: number;
  /** Set on create only: no update applies it (ENDPOINT_IGNORE_CHANGES). */
  description?: pulumi.Input<string>;
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
    rejectProblems("ServingEndpoint", name, servingEndpointProblems(args));
    const entities = args.servedEntities;
    const concurrency = args.minProvisionedConcurrency !== undefined;

    const versions = resolveServedVersions(args.registeredModel, entities, this);
    // Keyed before joining: one Output, not a join and a re-keying apply.
    const servedVersions = pulumi.all(
      Object.fromEntries(entities.map((e, i) => [e.name, versions[i] ?? ""])),
    );

    const timeout = `${args.timeoutMinutes ?? BUILT_IN.endpointTimeoutMinutes}m`;
    const serving = new databricks.ModelServing(
      name,
      {
        name: args.endpointName,
        description: args.description,
        config: {
          servedEntities: entities.map((entity, i) => ({
            name: entity.name,
            entityName: args.registeredModel,
            entityVersion: versions[i],
            workloadSize: concurrency ? undefined : (args.workloadSize ?? BUILT_IN.workloadSize),
            workloadType: args.workloadType ?? BUILT_IN.workloadType,
            minProvisionedConcurrency: args.minProvisionedConcurrency,
            maxProvisionedConcurrency: args.maxProvisionedConcurrency,
            scaleToZeroEnabled: args.scaleToZero ?? false,
          })),
          trafficConfig: {
            routes: entities.map((entity) => ({
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
            catalogName: args.inferenceTable.catalog,
            schemaName: args.inferenceTable.schema,
            tableNamePrefix: args.inferenceTable.tablePrefix,
          },
        },
        tags: Object.entries({ ...args.tags, "managed-by": "pulumi", model: args.model })
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

    const queryGroups = args.queryGroups ?? [];
    if (queryGroups.length > 0) {
      // databricks.Permissions is authoritative for the endpoint: it replaces grants made by hand.
      new databricks.Permissions(
        `${name}-query`,
        {
          servingEndpointId: serving.servingEndpointId,
          accessControls: queryGroups.map((group) => ({
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
  registeredModel: pulumi.Input<string>,
  entities: readonly ServedEntityArgs[],
  parent: pulumi.Resource,
): pulumi.Output<string>[] {
  if (entities.every((entity) => entity.version !== undefined)) {
    return entities.map((entity) => pulumi.output(entity.version ?? ""));
  }
  const model = databricks.getRegisteredModelOutput(
    { fullName: registeredModel, includeAliases: true },
    { parent },
  );
  // The name as given for messages, or as the look-up answered when it comes from a resource.
  const nameOf = (found: { fullName?: string }) =>
    typeof registeredModel === "string" ? registeredModel : (found.fullName ?? "");
  return entities.map((entity) =>
    entity.version !== undefined
      ? pulumi.output(entity.version)
      : model.apply((found) => versionOfAlias(found, nameOf(found), entity.alias ?? "")),
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
