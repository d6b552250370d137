import { invalidParameter } from "./errors";
import type { RegisteredModelStore } from "./registered-models";
import type { Router } from "./router";
import type { TableStore } from "./tables";
import { offsetToken, readOffset, type UcGrantStore } from "./uc-grants";
import type { SchemaStore } from "./uc-namespaces";

/**
 * The Unity Catalog lists of one schema: tables with their columns (`TablesAPI.list`:
 * GET /api/2.1/unity-catalog/tables?catalog_name&schema_name -> ListTablesResponse) and
 * registered models (`RegisteredModelsAPI.list`: GET /api/2.1/unity-catalog/models ->
 * ListRegisteredModelsResponse, without aliases: the list takes no include_aliases).
 *
 * As their documentation says, a caller sees only what it owns (directly, through a group, or by
 * owning the schema or catalog) or may read: SELECT on a table, EXECUTE on a model, each with
 * USE CATALOG and USE SCHEMA. Order is by name (the API promises none). Paging: `max_results`
 * 0 means `pageSize` (server-configured, UNCONFIRMED how many), none means everything (the
 * deprecated unpaginated call), below 0 is refused.
 */
export class UcListing {
  /** Items per page for max_results=0 (and the cap for larger values). */
  pageSize = 50;

  constructor(
    private readonly schemas: SchemaStore,
    private readonly tables: TableStore,
    private readonly models: RegisteredModelStore,
    private readonly grants: UcGrantStore,
  ) {}

  listTables(caller: string, query: URLSearchParams): Record<string, unknown> {
    const { catalog, schema } = this.schemaOf(query);
    const prefix = `${catalog}.${schema}.`;
    const omitColumns = query.get("omit_columns") === "true";
    const visible = this.tables
      .list()
      .filter((table) => table.full_name.startsWith(prefix))
      .filter((table) => this.grants.visible(caller, "table", table.full_name))
      .sort((a, b) => a.full_name.localeCompare(b.full_name))
      .map((table) => (omitColumns ? { ...table, columns: undefined } : table));
    const { items, next } = this.page(visible, query);
    return { tables: items, ...(next === undefined ? {} : { next_page_token: next }) };
  }

  listModels(caller: string, query: URLSearchParams): Record<string, unknown> {
    const { catalog, schema } = this.schemaOf(query);
    const visible = this.models
      .list(catalog, schema)
      .filter((model) => this.grants.visible(caller, "function", String(model.full_name)));
    const { items, next } = this.page(visible, query);
    return { registered_models: items, ...(next === undefined ? {} : { next_page_token: next }) };
  }

  private schemaOf(query: URLSearchParams): { catalog: string; schema: string } {
    const catalog = query.get("catalog_name") ?? "";
    const schema = query.get("schema_name") ?? "";
    if (catalog === "" || schema === "") {
      throw invalidParameter("catalog_name and schema_name are required in this fake");
    }
    this.schemas.require(`${catalog}.${schema}`);
    return { catalog: catalog.toLowerCase(), schema: schema.toLowerCase() };
  }

  private page<T>(all: T[], query: URLSearchParams): { items: T[]; next?: string } {
    const raw = query.get("max_results");
    if (raw === null) return { items: all };
    const max = Number(raw);
    if (!Number.isInteger(max) || max < 0) throw invalidParameter(`Invalid max_results ${raw}`);
    const size = max === 0 ? this.pageSize : Math.min(max, this.pageSize);
    const offset = readOffset(query.get("page_token"));
    const items = all.slice(offset, offset + size);
    return offset + size < all.length ? { items, next: offsetToken(offset + size) } : { items };
  }
}

/** GET the tables and the registered models of a schema (the SDK's paths). */
export function registerListRoutes(router: Router, listing: UcListing): void {
  router.add("GET", "/api/2.1/unity-catalog/tables", ({ query, principal }) =>
    listing.listTables(principal.name, query),
  );
  router.add("GET", "/api/2.1/unity-catalog/models", ({ query, principal }) =>
    listing.listModels(principal.name, query),
  );
}
