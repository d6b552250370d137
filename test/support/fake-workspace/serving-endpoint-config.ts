import { invalidParameter } from "./errors";
import { Fields, type JsonObject } from "./fields";

/**
 * Reading and checking the bodies of serving endpoint config and AI Gateway requests
 * (docs/databricks-api.md, serving endpoints). Returns normalized copies: what the server stores and echoes.
 */

export const workloadTypes = [
  "CPU",
  "CPU_MEDIUM",
  "CPU_LARGE",
  "GPU_SMALL",
  "GPU_MEDIUM",
  "GPU_LARGE",
  "GPU_XLARGE",
  "GPU_XLARGE_8",
  "MULTIGPU_MEDIUM",
] as const;

/** ASSUMPTION: only the three documented sizes; the reference says custom sizes may exist. */
export const workloadSizes = ["Small", "Medium", "Large"] as const;

/** ASSUMPTION: the size the server fills in when neither size nor concurrency is sent. */
export const defaultWorkloadSize = "Small";

const maxServedEntities = 10;

export interface CoreConfig {
  served_entities: JsonObject[];
  traffic_config: { routes: Route[] };
  config_version: number;
}

interface Route {
  served_entity_name: string;
  served_model_name: string;
  traffic_percentage: number;
}

/** `EndpointCoreConfigInput` -> the config the endpoint will serve once the update completes. */
export function readCoreConfig(body: Fields, configVersion: number): CoreConfig {
  if (body.has("served_models")) {
    throw invalidParameter(
      "served_models is deprecated and not supported by the fake workspace; use served_entities",
    );
  }
  const autoCapture = body.object("auto_capture_config");
  if (autoCapture !== undefined && autoCapture.boolean("enabled") !== false) {
    // Legacy inference tables are deprecated (docs/databricks-api.md, payload table columns): refused.
    throw invalidParameter(
      "auto_capture_config (legacy inference tables) can no longer be enabled; " +
        "use ai_gateway.inference_table_config",
    );
  }
  const entities = (body.objects("served_entities") ?? []).map(readServedEntity);
  if (entities.length === 0) {
    throw invalidParameter(`Missing required field: ${body.path("served_entities")}`);
  }
  if (entities.length > maxServedEntities) {
    throw invalidParameter(`An endpoint can serve at most ${maxServedEntities} entities`);
  }
  const names = entities.map((entity) => entity.name as string);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate !== undefined) {
    throw invalidParameter(`Served entity names must be unique; '${duplicate}' is used twice`);
  }
  return {
    // Returned sorted by name: the API may reorder entities (docs/databricks-api.md, serving endpoints), and clients
    // must not depend on the order they sent.
    served_entities: [...entities].sort((a, b) => String(a.name).localeCompare(String(b.name))),
    traffic_config: { routes: readRoutes(body.object("traffic_config"), names) },
    config_version: configVersion,
  };
}

function readServedEntity(entity: Fields): JsonObject {
  const external = entity.object("external_model");
  const entityName = entity.string("entity_name");
  if (external === undefined && entityName === undefined) {
    throw invalidParameter(`Missing required field: ${entity.path("entity_name")}`);
  }
  const entityVersion =
    external === undefined
      ? entity.requiredString("entity_version")
      : entity.string("entity_version");
  entity.enumValue("workload_type", workloadTypes);
  const size = entity.enumValue("workload_size", workloadSizes);
  const minConcurrency = entity.integer("min_provisioned_concurrency", { min: 0 });
  const maxConcurrency = entity.integer("max_provisioned_concurrency", { min: 0 });
  if (size !== undefined && (minConcurrency !== undefined || maxConcurrency !== undefined)) {
    throw invalidParameter(
      `${entity.path("workload_size")} cannot be combined with min/max_provisioned_concurrency`,
    );
  }
  if (
    minConcurrency !== undefined &&
    maxConcurrency !== undefined &&
    minConcurrency > maxConcurrency
  ) {
    throw invalidParameter(`${entity.path("min_provisioned_concurrency")} exceeds the maximum`);
  }
  entity.boolean("scale_to_zero_enabled");
  entity.integer("min_provisioned_throughput", { min: 0 });
  entity.integer("max_provisioned_throughput", { min: 0 });
  entity.integer("provisioned_model_units", { min: 0 });
  const environment = entity.object("environment_vars");
  for (const key of Object.keys(environment?.raw ?? {})) environment?.requiredString(key);

  const normalized: JsonObject = structuredClone(entity.raw);
  if (normalized.name == null) {
    // UNCONFIRMED for three-level UC names: the reference only says `entity_name-entity_version`.
    const base = entityName ?? external?.string("name") ?? "entity";
    normalized.name = `${base.replace(/[.:]/g, "-")}${entityVersion === undefined ? "" : `-${entityVersion}`}`;
  }
  const sizedOtherwise = [
    "min_provisioned_concurrency",
    "max_provisioned_concurrency",
    "min_provisioned_throughput",
    "max_provisioned_throughput",
    "provisioned_model_units",
  ].some((key) => entity.has(key));
  if (external === undefined) {
    // The server fills a default workload_size when none was sent (docs/databricks-api.md, serving endpoints; a Terraform provider comment).
    if (size === undefined && !sizedOtherwise) normalized.workload_size = defaultWorkloadSize;
    // ASSUMPTION: the documented defaults are echoed (CPU; scale-to-zero false).
    normalized.workload_type ??= "CPU";
    normalized.scale_to_zero_enabled ??= false;
  }
  return normalized;
}

function readRoutes(traffic: Fields | undefined, entityNames: string[]): Route[] {
  const routes = traffic?.objects("routes");
  if (routes === undefined) {
    // Server fills routes for a single entity (docs/databricks-api.md, serving endpoints, traffic). ASSUMPTION: with several
    // entities the fake asks for explicit routes instead of guessing a split.
    const only = entityNames[0];
    if (entityNames.length !== 1 || only === undefined) {
      throw invalidParameter("traffic_config.routes is required when serving several entities");
    }
    return [{ served_entity_name: only, served_model_name: only, traffic_percentage: 100 }];
  }
  const seen = new Set<string>();
  const result = routes.map((route) => {
    const entityName = route.string("served_entity_name");
    const modelName = route.string("served_model_name");
    if (entityName !== undefined && modelName !== undefined && entityName !== modelName) {
      throw invalidParameter(`${route.path("served_entity_name")} and served_model_name differ`);
    }
    const target = entityName ?? modelName;
    if (target === undefined)
      throw invalidParameter(`Missing required field: ${route.path("served_entity_name")}`);
    // ASSUMPTION (docs/databricks-api.md, serving endpoints, traffic UNCONFIRMED): routes name served entities, once each, sum 100.
    if (!entityNames.includes(target)) {
      throw invalidParameter(`Route target '${target}' is not a served entity of this config`);
    }
    if (seen.has(target)) throw invalidParameter(`Served entity '${target}' has two routes`);
    seen.add(target);
    const percentage = route.requiredInteger("traffic_percentage", { min: 0, max: 100 });
    return {
      served_entity_name: target,
      served_model_name: target,
      traffic_percentage: percentage,
    };
  });
  const total = result.reduce((sum, route) => sum + route.traffic_percentage, 0);
  if (total !== 100) {
    throw invalidParameter(`Traffic percentages must add up to 100, got ${total}`);
  }
  return result;
}

/** The enabled inference table of a gateway config, with the prefix the table will use. */
export interface InferenceTableTarget {
  catalog_name: string;
  schema_name: string;
  table_name_prefix: string;
}

export const aiGatewayKeys = [
  "usage_tracking_config",
  "inference_table_config",
  "rate_limits",
  "guardrails",
  "fallback_config",
] as const;

/** `AiGatewayConfig` / `PutAiGatewayRequest`: checked, then stored as sent (full replace). */
export function readAiGateway(gateway: Fields): JsonObject {
  const table = gateway.object("inference_table_config");
  if (table?.boolean("enabled") === true) {
    table.requiredString("catalog_name");
    table.requiredString("schema_name");
  }
  table?.string("table_name_prefix");
  gateway.object("usage_tracking_config")?.boolean("enabled");
  gateway.object("fallback_config")?.requiredBoolean("enabled");
  for (const limit of gateway.objects("rate_limits") ?? []) {
    limit.requiredEnum("renewal_period", ["minute"]);
    limit.enumValue("key", ["user", "user_group", "service_principal", "endpoint"]);
    limit.integer("calls", { min: 0 });
    limit.integer("tokens", { min: 0 });
    limit.string("principal");
  }
  const guardrails = gateway.object("guardrails");
  for (const side of ["input", "output"]) {
    const parameters = guardrails?.object(side);
    parameters?.boolean("safety");
    parameters?.object("pii")?.enumValue("behavior", ["NONE", "BLOCK", "MASK"]);
  }
  const stored: JsonObject = {};
  for (const key of aiGatewayKeys) {
    if (gateway.has(key)) stored[key] = structuredClone(gateway.raw[key]);
  }
  return stored;
}

/**
 * Where the payload table goes, or undefined when inference tables are off.
 * ASSUMPTION: `enabled` absent means false (Go's zero value); the default prefix is the endpoint
 * name (docs/databricks-api.md, serving endpoints, AI Gateway payload logging, UNCONFIRMED for AI Gateway).
 */
export function inferenceTableTarget(
  gateway: JsonObject | undefined,
  endpointName: string,
): InferenceTableTarget | undefined {
  const table = gateway?.inference_table_config as JsonObject | undefined;
  if (table?.enabled !== true) return undefined;
  return {
    catalog_name: String(table.catalog_name),
    schema_name: String(table.schema_name),
    table_name_prefix:
      typeof table.table_name_prefix === "string" && table.table_name_prefix !== ""
        ? table.table_name_prefix
        : endpointName,
  };
}

export function payloadTableName(target: InferenceTableTarget): string {
  return `${target.catalog_name}.${target.schema_name}.${target.table_name_prefix}_payload`.toLowerCase();
}
