import { ApiError } from "./errors";
import type { Strictness } from "./strictness";

export type UcObjectKind = "CATALOG" | "SCHEMA" | "TABLE";

const labels: Record<UcObjectKind, string> = {
  CATALOG: "Catalog",
  SCHEMA: "Schema",
  TABLE: "Table",
};

/**
 * 404 for a missing catalog, schema or table. The product codes are members of Databricks'
 * ErrorCode enum (as the generated SDKs carry it, e.g. databricks/sdk-js postgres v1 model.ts);
 * that a missing catalog answers 404 CATALOG_DOES_NOT_EXIST is stated in databricks/sdk-js#181.
 * UNCONFIRMED for schemas and tables: `strictness.ucErrorCodes` switches to RESOURCE_DOES_NOT_EXIST.
 */
export function ucNotFound(kind: UcObjectKind, name: string, strictness: Strictness): ApiError {
  const code =
    strictness.ucErrorCodes === "specific" ? `${kind}_DOES_NOT_EXIST` : "RESOURCE_DOES_NOT_EXIST";
  return new ApiError(404, code, `${labels[kind]} '${name}' does not exist.`);
}
