import type * as pulumi from "@pulumi/pulumi";
import { pollUntilDeadline } from "../databricks-client/poll";
import { tableExists } from "../databricks-client/tables";
import { InputChecks } from "./shared/input-checks";
import {
  checkWaitInputs,
  replacedTable,
  waitClient,
  waitProvider,
  waitSchedule,
  type WaitInputs,
} from "./shared/readiness-wait";
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
 * ASSUMPTION (docs/databricks-api.md, inference tables, UNCONFIRMED): whether the table appears soon
 * after enabling or only with the first logged request. Either way the deploy completes: in the
 * second case the model is "waiting for first request" until traffic arrives, and `pulumi
 * refresh` (read) brings the recorded state up to date.
 */
export interface PayloadTableReadyInputs extends WaitInputs {
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
  const { tableName, ...timing } = checkWaitInputs(checks, news, PAYLOAD_TABLE_DEFAULTS);
  const inputs: PayloadTableReadyInputs = {
    tableName,
    ...(endpointName === undefined ? {} : { endpointName }),
    ...timing,
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
  const replaced = replacedTable(olds, news);
  if (replaced !== undefined) return replaced;
  const changes =
    isUnknown(news.endpointName) || (olds.endpointName ?? "") !== (news.endpointName ?? "");
  return { changes };
}

/**
 * Polls `.../tables/{name}/exists` until true or until `timeoutSeconds` have passed, and records
 * what it found. Only a failing look-up (no permission, no connection) is an error. Looking
 * changes nothing in the workspace: a failed look-up leaves nothing to record.
 */
export async function lookForPayloadTable(
  settingsOwner: object,
  inputs: PayloadTableReadyInputs,
): Promise<PayloadTableReadyOutputs> {
  const schedule = waitSchedule(inputs, 2000);
  // Requests and retry waits end with the look, not after it.
  const client = waitClient(settingsOwner, schedule);
  const found = await pollUntilDeadline(
    async () => ((await tableExists(client, inputs.tableName)) ? true : undefined),
    schedule,
  );
  return { ...inputs, tableExists: found === true };
}

function inputsOf(stored: PayloadTableReadyOutputs): PayloadTableReadyInputs {
  return {
    tableName: stored.tableName,
    ...(stored.endpointName === undefined ? {} : { endpointName: stored.endpointName }),
    timeoutSeconds: stored.timeoutSeconds,
    pollIntervalSeconds: stored.pollIntervalSeconds,
  };
}

/** The provider methods, for the serialized shell in payload-table-ready.ts. */
export const implementation = waitProvider<PayloadTableReadyInputs, PayloadTableReadyOutputs>({
  check: checkPayloadTableReady,
  diff: diffPayloadTableReady,
  wait: (provider, inputs) => lookForPayloadTable(provider, inputs),
  // A missing table is a state of this resource ("waiting for first request"), not its absence.
  read: async (provider, stored) => ({
    ...inputsOf(stored),
    tableExists: await tableExists(waitClient(provider), stored.tableName),
  }),
  inputsOf,
});
