import type * as pulumi from "@pulumi/pulumi";
import { checksDeadline, pollUntilDeadline, type PollSchedule } from "../databricks-client/poll";
import { sharedRestClient } from "../databricks-client/rest";
import { tableExists } from "../databricks-client/tables";
import { InputChecks, sameTableName } from "./shared/input-checks";
import { connectionSettingsFor, rememberConfiguration } from "./shared/provider-settings";
import type { ProviderImplementation } from "./shared/delegating-provider";
import { isUnknown } from "./shared/unknowns";

/**
 * The PayloadTableReady provider's work, loaded by path from the serialized provider
 * (payload-table-ready.ts), which hands over `this`, the provider object keying its configuration.
 *
 * Databricks creates an endpoint's inference payload table `<catalog>.<schema>.<prefix>_payload`
 * by itself, some time after the AI Gateway inference table is enabled. This resource looks for
 * that table for a short while and records whether it is there (`tableExists`); it never fails
 * because the table is not there yet, so a fresh stack without traffic deploys completely.
 * Nothing downstream needs the table at deploy time: the processing job reads it when it runs.
 *
 * ASSUMPTION (reference databricks-api.md §1.8, UNCONFIRMED): whether the table appears soon
 * after enabling or only with the first logged request. Either way the deploy completes: in the
 * second case the model is "waiting for first request" until traffic arrives, and `pulumi
 * refresh` (read) brings the recorded state up to date.
 */
export interface PayloadTableReadyInputs {
  /** `catalog.schema.prefix_payload`. */
  tableName: string;
  /** The serving endpoint that logs into it, for messages. */
  endpointName?: string;
  /**
   * How long to look for the table before recording that it is not there yet; default 120.
   * Not a failure deadline: the deploy goes on either way.
   */
  timeoutSeconds: number;
  /** Longest pause between checks; default 30. */
  pollIntervalSeconds: number;
}

export interface PayloadTableReadyOutputs extends PayloadTableReadyInputs {
  /** False: Databricks has not created it yet (no logged request, or not yet). */
  tableExists: boolean;
}

export const PAYLOAD_TABLE_DEFAULTS = { timeoutSeconds: 120, pollIntervalSeconds: 10 } as const;

export function checkPayloadTableReady(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const checks = new InputChecks();
  const endpointName = checks.optionalString("endpointName", news.endpointName);
  const inputs: PayloadTableReadyInputs = {
    tableName: checks.tableName("tableName", news.tableName),
    ...(endpointName === undefined ? {} : { endpointName }),
    timeoutSeconds: checks.positiveNumber(
      "timeoutSeconds",
      news.timeoutSeconds,
      PAYLOAD_TABLE_DEFAULTS.timeoutSeconds,
    ),
    pollIntervalSeconds: checks.positiveNumber(
      "pollIntervalSeconds",
      news.pollIntervalSeconds,
      PAYLOAD_TABLE_DEFAULTS.pollIntervalSeconds,
    ),
  };
  return { inputs, failures: checks.failures };
}

/**
 * `olds` are the stored outputs (live after a refresh). Another table is another wait; a new
 * endpoint name looks again; timeouts and poll intervals change nothing remote. Whether the
 * table exists yet is state, not a change to make: an `up` cannot create it (traffic does), so
 * a model without traffic shows no diff and `preview --expect-no-changes` stays quiet.
 */
export function diffPayloadTableReady(
  olds: Partial<PayloadTableReadyOutputs>,
  news: Partial<PayloadTableReadyInputs>,
): pulumi.dynamic.DiffResult {
  if (isUnknown(news.tableName) || !sameTableName(olds.tableName, news.tableName)) {
    return { changes: true, replaces: ["tableName"] };
  }
  const changes =
    isUnknown(news.endpointName) || (olds.endpointName ?? "") !== (news.endpointName ?? "");
  return { changes };
}

/**
 * Polls `.../tables/{name}/exists` until true or until `timeoutSeconds` have passed, and records
 * what it found. Only a failing look-up (no permission, no connection) is an error.
 */
export async function lookForPayloadTable(
  settingsOwner: object,
  inputs: PayloadTableReadyInputs,
): Promise<PayloadTableReadyOutputs> {
  const maxIntervalMs = inputs.pollIntervalSeconds * 1000;
  const schedule: PollSchedule = {
    deadline: Date.now() + inputs.timeoutSeconds * 1000,
    initialIntervalMs: Math.min(2000, maxIntervalMs),
    maxIntervalMs,
  };
  // Requests and retry waits end with the look, not after it.
  const client = sharedRestClient(connectionSettingsFor(settingsOwner)).withDeadline(
    checksDeadline(schedule),
  );
  const found = await pollUntilDeadline(
    async () => ((await tableExists(client, inputs.tableName)) ? true : undefined),
    schedule,
  );
  return { ...inputs, tableExists: found === true };
}

export function configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void {
  rememberConfiguration(provider, req);
}

export async function create(
  provider: object,
  inputs: PayloadTableReadyInputs,
): Promise<pulumi.dynamic.CreateResult<PayloadTableReadyOutputs>> {
  // Looking changes nothing in the workspace: a failed look-up leaves nothing to record.
  const outs = await lookForPayloadTable(provider, inputs);
  return { id: inputs.tableName.toLowerCase(), outs };
}

export async function update(
  provider: object,
  _id: string,
  _olds: PayloadTableReadyOutputs,
  news: PayloadTableReadyInputs,
): Promise<pulumi.dynamic.UpdateResult<PayloadTableReadyOutputs>> {
  return { outs: await lookForPayloadTable(provider, news) };
}

export async function read(
  provider: object,
  id: string,
  stored: PayloadTableReadyOutputs,
): Promise<pulumi.dynamic.ReadResult<PayloadTableReadyOutputs>> {
  const client = sharedRestClient(connectionSettingsFor(provider));
  // A missing table is a state of this resource ("waiting for first request"), not its absence.
  const exists = await tableExists(client, stored.tableName);
  const inputs: PayloadTableReadyInputs = {
    tableName: stored.tableName,
    ...(stored.endpointName === undefined ? {} : { endpointName: stored.endpointName }),
    timeoutSeconds: stored.timeoutSeconds,
    pollIntervalSeconds: stored.pollIntervalSeconds,
  };
  // The SDK types `inputs` as Outputs; the host only needs the input keys.
  return {
    id,
    props: { ...inputs, tableExists: exists },
    inputs: inputs as PayloadTableReadyOutputs,
  };
}

/** The provider methods, for the serialized shell in payload-table-ready.ts. */
export const implementation: ProviderImplementation<
  PayloadTableReadyInputs,
  PayloadTableReadyOutputs
> = {
  configure,
  check: checkPayloadTableReady,
  diff: (_id, olds, news) => diffPayloadTableReady(olds, news),
  create,
  read,
  update,
  // Only a wait: the table belongs to Databricks and the endpoint, and stays.
  delete: async () => undefined,
};
