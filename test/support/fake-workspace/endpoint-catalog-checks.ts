import { notFound } from "./errors";
import type { JsonObject } from "./fields";
import type { RegisteredModelStore } from "./registered-models";
import { inferenceTableTarget, type CoreConfig } from "./serving-endpoint-config";
import type { Strictness } from "./strictness";
import type { SchemaStore } from "./uc-namespaces";

/** What a serving endpoint needs to know of Unity Catalog. */
export interface EndpointCatalog {
  schemas: SchemaStore;
  models: RegisteredModelStore;
  strictness: Strictness;
}

/**
 * The served entities that name a Unity Catalog model (`catalog.schema.model`, no external model)
 * that does not exist, or a version of it that does not exist. The `system` catalog (Databricks'
 * own foundation models) is not modelled and always passes.
 */
function missingModelVersions(config: CoreConfig, catalog: EndpointCatalog): string[] {
  const missing: string[] = [];
  for (const entity of config.served_entities) {
    const name = entity.entity_name;
    if (entity.external_model != null || typeof name !== "string") continue;
    const parts = name.split(".");
    if (parts.length !== 3 || parts[0]?.toLowerCase() === "system") continue;
    const version = String(entity.entity_version);
    if (!catalog.models.hasVersion(name, version)) missing.push(`${name} version ${version}`);
  }
  return missing;
}

/**
 * Checks the models a config serves. With `missingServedModel: "refuse"` a missing one is a 404
 * at once; with "fail-update" the answer is the message the config update will fail with (the
 * caller plans that failure), or undefined when all exist.
 * UNCONFIRMED: whether serving checks at request time or only when deploying; the code and status.
 */
export function servedModelFailure(
  config: CoreConfig,
  catalog: EndpointCatalog,
): string | undefined {
  const missing = missingModelVersions(config, catalog);
  if (missing.length === 0) return undefined;
  const message = `Registered model version(s) not found in Unity Catalog: ${missing.join(", ")}`;
  if (catalog.strictness.missingServedModel === "refuse") throw notFound(message);
  return message;
}

/**
 * The catalog and schema of an enabled AI Gateway inference table must exist: 404
 * CATALOG_/SCHEMA_DOES_NOT_EXIST. UNCONFIRMED: the serving API's own code and status for this.
 */
export function requireInferenceSchema(
  gateway: JsonObject | undefined,
  endpointName: string,
  catalog: EndpointCatalog,
): void {
  const target = inferenceTableTarget(gateway, endpointName);
  if (target !== undefined) catalog.schemas.require(`${target.catalog_name}.${target.schema_name}`);
}
