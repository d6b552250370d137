import * as pulumi from "@pulumi/pulumi";
import { RestClient } from "../databricks-client/rest";
import { resolveSettings } from "../databricks-client/settings";
import { tableExists } from "../databricks-client/tables";

/**
 * A data table must never be created over an existing one. For managed Delta tables the
 * provider's create runs `CREATE OR REPLACE TABLE` (terraform-provider-databricks
 * catalog/resource_sql_table.go buildTableCreateStatement), so a table that exists but is not
 * in the stack's state (a new or re-initialised stack, a lost state file, a rename without an
 * alias, a destroy that retained it) would be emptied by the next `up`.
 *
 * The guard is a `beforeCreate` resource hook (Pulumi CLI 3.182 or later): the engine calls it
 * exactly when it is about to create the table, never when the table is already in the state.
 * So a stack that manages its tables from before the guard existed needs nothing, which a
 * dynamic "guard" resource created next to the table could not tell. It also runs in previews,
 * so `pulumi preview` already fails. Adoption is the `import` option (InferenceTable).
 */

/** Hook names are `<this>:<table>`; the plan shows the part before the colon. */
export const REFUSE_EXISTING_TABLE_HOOK = "refuse-existing-table";

export interface ExistingTableGuard {
  /** `catalog.schema.table`. */
  fullName: string;
  /** The setting that adopts the table, in the words of the configuration. */
  adoptWith: string;
}

/** Throws, naming the table and the way to adopt it, when the table exists. */
export async function refuseExistingTable(
  guard: ExistingTableGuard,
  config: (key: string) => string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  let exists: boolean;
  let client: RestClient | undefined;
  try {
    client = new RestClient(resolveSettings({ config, env }));
    exists = await tableExists(client, guard.fullName);
  } catch (error) {
    throw new Error(
      `Could not check that table ${guard.fullName} does not exist before creating it ` +
        `(creating it would replace an existing table): ${(error as Error).message}`,
    );
  } finally {
    // One question per table, asked from the program's process: leave no connection behind.
    client?.close();
  }
  if (!exists) return;
  throw new Error(
    `Table ${guard.fullName} exists already, but this stack does not manage it (a new or ` +
      `re-initialised stack, a lost state, a renamed resource, or a destroy that retained it). ` +
      `Creating it would replace it with an empty table, so nothing was created. To keep it and ` +
      `its data, adopt it: set ${guard.adoptWith} and run the update again. If you renamed the ` +
      `resource in code, give it an alias instead. To start empty, drop the table first.`,
  );
}

/** The guard as a hook bound to one table; credentials come from the stack config or env. */
export function existingTableHook(guard: ExistingTableGuard): pulumi.ResourceHook {
  return new pulumi.ResourceHook(
    `${REFUSE_EXISTING_TABLE_HOOK}:${guard.fullName}`,
    () => {
      const config = pulumi.runtime.allConfig();
      return refuseExistingTable(guard, (key) => config[key]);
    },
    { onDryRun: true },
  );
}
