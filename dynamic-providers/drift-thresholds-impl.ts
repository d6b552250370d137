import type * as pulumi from "@pulumi/pulumi";
import { formatTableName, parseTableName } from "../core/names";
import { claimModelThresholdsSql, deleteModelThresholdsSql } from "../sql/thresholds-table";
import {
  diffThresholds,
  hasChanges,
  sameThresholds,
  thresholdChanges,
  type ThresholdMap,
} from "./drift-thresholds-changes";
import { checkInputs } from "./drift-thresholds-inputs";
import {
  applyChanges,
  connect,
  ensureTable,
  forgetEnsuredTable,
  isMissingTable,
  run,
  selectLive,
} from "./drift-thresholds-runner";
import {
  describeDifference,
  inputsOf,
  newOwner,
  ownerOf,
  parseId,
  resourceId,
  withOwner,
} from "./drift-thresholds-state";
import type { ProviderImplementation } from "./shared/delegating-provider";
import { PartialCreateError } from "./shared/partial-create";

/**
 * The DriftThresholds provider's work. The serialized provider (drift-thresholds.ts) loads this
 * module by path and hands over `this`, the provider object, which keys its configuration.
 *
 * Statements per operation: read 1 (SELECT); update 0 when nothing changed, else 1 MERGE (2
 * when duplicate rows must be rewritten); delete 1; create 2-3 (the CREATE TABLE once per
 * process and table, SELECT, MERGE; or SELECT, UPDATE claiming rows already there, and a
 * MERGE when adopted rows differ). Rows carry their resource's `owner` token: see
 * deleteModelThresholdsSql. Every statement is idempotent (CREATE TABLE IF NOT EXISTS, SELECT,
 * an UPDATE setting the owner, MERGEs keyed on the row key, a DELETE by model and owner), so
 * the SQL runner sends one again after a lost answer or a broken session.
 */

export { checkInputs as check };

export function diff(
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): pulumi.dynamic.DiffResult {
  return diffThresholds(olds, news);
}

export function configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void {
  const { rememberConfiguration } =
    require("./shared/provider-settings") as typeof import("./shared/provider-settings");
  rememberConfiguration(provider, req);
}

export async function create(
  provider: object,
  props: Record<string, unknown>,
): Promise<pulumi.dynamic.CreateResult> {
  const inputs = inputsOf(props);
  const table = parseTableName(inputs.table);
  const id = resourceId(inputs);
  const owner = newOwner();
  const outs = { ...inputs, owner };
  const connection = connect(provider, inputs.warehouseId);
  await ensureTable(connection, table);
  let live: ThresholdMap;
  try {
    live = await selectLive(connection, table, inputs.model);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    // Dropped since this process ensured it: ensure again.
    forgetEnsuredTable(connection, table);
    await ensureTable(connection, table);
    live = {};
  }
  if (Object.keys(live).length > 0) {
    if (!inputs.adopt && !sameThresholds(live, inputs.thresholds)) {
      throw new Error(
        `${formatTableName(table)} already holds ${Object.keys(live).length} threshold row(s) for model ` +
          `${inputs.model} that this program did not write (${describeDifference(live, inputs.thresholds)}). ` +
          "Set adopt: true to take them over (they are then made to match the program), or delete them.",
      );
    }
    // Exactly the desired rows (an earlier create whose answer was lost, or the resource this
    // one replaces, still to be deleted), or adopted ones: claim them, so the other resource's
    // delete leaves them, then make them match the program.
    await run(connection, claimModelThresholdsSql(table, inputs.model, owner));
    const changes = thresholdChanges(live, inputs.thresholds);
    if (hasChanges(changes)) await applyChanges(connection, table, inputs.model, changes, owner);
    return { id, outs };
  }
  try {
    await applyChanges(
      connection,
      table,
      inputs.model,
      thresholdChanges({}, inputs.thresholds),
      owner,
    );
  } catch (error) {
    // The MERGE may have run before its answer was lost: look before reporting anything.
    let found: ThresholdMap | undefined;
    try {
      found = await selectLive(connection, table, inputs.model);
    } catch {
      found = undefined;
    }
    if (found !== undefined && sameThresholds(found, inputs.thresholds)) return { id, outs };
    // Recorded by its id (a partial create), so `destroy` finds rows that may have landed.
    throw new PartialCreateError(
      new Error(
        `writing the thresholds of ${inputs.model} to ${formatTableName(table)} failed: ${(error as Error).message}`,
      ),
      id,
      // What is known to be there (nothing when unknown): the next update writes the rest.
      { ...props, ...outs, thresholds: found ?? {} },
    );
  }
  return { id, outs };
}

export async function read(
  provider: object,
  id: string,
  props: Record<string, unknown> | undefined,
): Promise<pulumi.dynamic.ReadResult> {
  const fromId = parseId(id);
  const inputs = inputsOf({ ...fromId, ...(props ?? {}) });
  const table = parseTableName(inputs.table);
  const connection = connect(provider, inputs.warehouseId);
  let live: ThresholdMap;
  try {
    live = await selectLive(connection, table, inputs.model);
  } catch (error) {
    if (isMissingTable(error)) return { id: "" };
    throw error;
  }
  if (Object.keys(live).length === 0) return { id: "" };
  const outs = {
    table: inputs.table,
    model: inputs.model,
    thresholds: live,
    adopt: inputs.adopt,
    ...(inputs.warehouseId === undefined ? {} : { warehouseId: inputs.warehouseId }),
  };
  return { id, props: withOwner(outs, ownerOf(props ?? {})), inputs: outs };
}

export async function update(
  provider: object,
  _id: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
): Promise<pulumi.dynamic.UpdateResult> {
  const before = inputsOf(olds);
  const after = inputsOf(news);
  const owner = ownerOf(olds);
  const outs = withOwner({ ...after }, owner);
  const changes = thresholdChanges(before.thresholds, after.thresholds);
  if (!hasChanges(changes)) return { outs };
  const table = parseTableName(after.table);
  const connection = connect(provider, after.warehouseId);
  try {
    await applyChanges(connection, table, after.model, changes, owner);
  } catch (error) {
    if (!isMissingTable(error)) throw error;
    // Dropped behind our back: recreate it and write every desired row.
    forgetEnsuredTable(connection, table);
    await ensureTable(connection, table);
    const all = thresholdChanges({}, after.thresholds);
    await applyChanges(connection, table, after.model, all, owner);
  }
  return { outs };
}

export async function remove(
  provider: object,
  _id: string,
  props: Record<string, unknown>,
): Promise<void> {
  const inputs = inputsOf(props);
  const table = parseTableName(inputs.table);
  const connection = connect(provider, inputs.warehouseId);
  try {
    await run(connection, deleteModelThresholdsSql(table, inputs.model, ownerOf(props)));
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
}

type Props = Record<string, unknown>;

/** The provider methods, for the serialized shell in drift-thresholds.ts. */
export const implementation: ProviderImplementation<Props, Props> = {
  configure,
  check: checkInputs,
  diff,
  create,
  read,
  update,
  delete: remove,
};
