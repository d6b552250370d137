import { isNotFound } from "../../../databricks-client/errors";
import type { RestClient } from "../../../databricks-client/rest";
import { isPerObjectApiError } from "../failures";

/** The part of Unity Catalog's `TableInfo` the validation reads. */
export interface TableInfo {
  full_name?: string;
  columns?: Array<{ name: string; type_text?: string; type_name?: string }>;
}

/** What Unity Catalog said about one table. */
export type TableLookup =
  | { kind: "found"; info: TableInfo }
  | { kind: "missing" }
  | { kind: "unreadable"; message: string };

/**
 * GET /api/2.1/unity-catalog/tables/{name}. A 404 (the table or its schema does not exist) is
 * "missing"; a refusal about this table alone (403 without privileges on it) is "unreadable",
 * a failed check for its model rather than the end of the run.
 */
export async function lookUpTable(client: RestClient, fullName: string): Promise<TableLookup> {
  try {
    const info = await client.get<TableInfo>(
      `/api/2.1/unity-catalog/tables/${encodeURIComponent(fullName)}`,
    );
    return { kind: "found", info };
  } catch (error) {
    if (isNotFound(error)) return { kind: "missing" };
    if (isPerObjectApiError(error)) return { kind: "unreadable", message: error.message };
    throw error;
  }
}
