import { isNotFound } from "./errors";
import type { RestClient } from "./rest";

/** Unity Catalog's table existence check (docs/databricks-api.md, inference tables); a missing catalog or schema is "no". */
export async function tableExists(client: RestClient, fullName: string): Promise<boolean> {
  try {
    const answer = await client.get<{ table_exists?: unknown }>(
      `/api/2.1/unity-catalog/tables/${encodeURIComponent(fullName)}/exists`,
    );
    return answer.table_exists === true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
