import type * as pulumi from "@pulumi/pulumi";
import { describeDuration } from "../databricks-client/duration";
import { checksDeadline, pollUntil, type PollSchedule } from "../databricks-client/poll";
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
 * by itself, some time after the AI Gateway inference table is enabled. This resource is done
 * once that table exists, so whatever reads it can depend on it.
 *
 * ASSUMPTION (reference databricks-api.md §1.8, UNCONFIRMED): the table appears soon after
 * enabling. If Databricks only creates it with the first logged request, the wait needs traffic
 * to the endpoint; the timeout message says so.
 */
export interface PayloadTableReadyInputs {
  /** `catalog.schema.prefix_payload`. */
  tableName: string;
  /** The serving endpoint that logs into it, for messages. */
  endpointName?: string;
  /** Default 3600 (rows arrive best effort; creation can take long). */
  timeoutSeconds: number;
  /** Longest pause between checks; default 30. */
  pollIntervalSeconds: number;
}

export interface PayloadTableReadyOutputs extends PayloadTableReadyInputs {
  tableExists: boolean;
}

export const PAYLOAD_TABLE_DEFAULTS = { timeoutSeconds: 3600, pollIntervalSeconds: 30 } as const;

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
 * endpoint name only re-checks; timeouts and poll intervals change nothing remote.
 */
export function diffPayloadTableReady(
  olds: Partial<PayloadTableReadyOutputs>,
  news: Partial<PayloadTableReadyInputs>,
): pulumi.dynamic.DiffResult {
  if (isUnknown(news.tableName) || !sameTableName(olds.tableName, news.tableName)) {
    return { changes: true, replaces: ["tableName"] };
  }
  const changes =
    olds.tableExists !== true ||
    isUnknown(news.endpointName) ||
    (olds.endpointName ?? "") !== (news.endpointName ?? "");
  return { changes };
}

/** Polls `.../tables/{name}/exists` until true; on expiry, says what to check. */
export async function waitForPayloadTable(
  settingsOwner: object,
  inputs: PayloadTableReadyInputs,
): Promise<PayloadTableReadyOutputs> {
  const timeoutMs = inputs.timeoutSeconds * 1000;
  const maxIntervalMs = inputs.pollIntervalSeconds * 1000;
  const schedule: PollSchedule = {
    deadline: Date.now() + timeoutMs,
    initialIntervalMs: Math.min(2000, maxIntervalMs),
    maxIntervalMs,
  };
  // Requests and retry waits end with the wait, not after it.
  const client = sharedRestClient(connectionSettingsFor(settingsOwner)).withDeadline(
    checksDeadline(schedule),
  );
  await pollUntil(
    async () => ((await tableExists(client, inputs.tableName)) ? true : undefined),
    schedule,
    () => {
      const endpoint = inputs.endpointName ? `endpoint ${inputs.endpointName}` : "the endpoint";
      return new Error(
        `Timed out after ${describeDuration(timeoutMs)} waiting for Databricks to create the ` +
          `inference payload table ${inputs.tableName}. Check that ${endpoint} is READY, that its ` +
          `AI Gateway inference table is enabled with this catalog, schema and prefix, that it has ` +
          `served at least one request (the table may only appear with the first logged request), ` +
          `and that the deploying principal may use the catalog and schema. Raise timeoutSeconds ` +
          `if the table just takes longer.`,
      );
    },
  );
  return { ...inputs, tableExists: true };
}

export function configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void {
  rememberConfiguration(provider, req);
}

export async function create(
  provider: object,
  inputs: PayloadTableReadyInputs,
): Promise<pulumi.dynamic.CreateResult<PayloadTableReadyOutputs>> {
  // Waiting changes nothing in the workspace: a failed wait leaves nothing to record.
  const outs = await waitForPayloadTable(provider, inputs);
  return { id: inputs.tableName.toLowerCase(), outs };
}

export async function update(
  provider: object,
  _id: string,
  _olds: PayloadTableReadyOutputs,
  news: PayloadTableReadyInputs,
): Promise<pulumi.dynamic.UpdateResult<PayloadTableReadyOutputs>> {
  return { outs: await waitForPayloadTable(provider, news) };
}

export async function read(
  provider: object,
  id: string,
  stored: PayloadTableReadyOutputs,
): Promise<pulumi.dynamic.ReadResult<PayloadTableReadyOutputs>> {
  const client = sharedRestClient(connectionSettingsFor(provider));
  if (!(await tableExists(client, stored.tableName))) return { id: "" };
  const inputs: PayloadTableReadyInputs = {
    tableName: stored.tableName,
    ...(stored.endpointName === undefined ? {} : { endpointName: stored.endpointName }),
    timeoutSeconds: stored.timeoutSeconds,
    pollIntervalSeconds: stored.pollIntervalSeconds,
  };
  // The SDK types `inputs` as Outputs; the host only needs the input keys.
  return {
    id,
    props: { ...inputs, tableExists: true },
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
