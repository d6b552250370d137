import type * as pulumi from "@pulumi/pulumi";
import { checksDeadline, type PollSchedule } from "../../databricks-client/poll";
import { sharedRestClient, type RestClient } from "../../databricks-client/rest";
import type { ProviderImplementation } from "./delegating-provider";
import { InputChecks, sameTableName } from "./input-checks";
import { connectionSettingsFor, rememberConfiguration } from "./provider-settings";
import { isUnknown } from "./unknowns";

/**
 * What the two readiness waits (PayloadTableReady, MonitorReady) share: a table they wait on, a
 * bounded wait, and a provider whose create and update are that wait and whose delete does
 * nothing (the table and the monitor belong to others). Each wait adds its own inputs, diff and
 * read.
 */

/** The inputs every wait has. */
export interface WaitInputs {
  /** `catalog.schema.table` the wait is about. */
  tableName: string;
  /** For the whole wait. */
  timeoutSeconds: number;
  /** Longest pause between checks. */
  pollIntervalSeconds: number;
}

/** `check` of the shared inputs: every problem at once, defaults filled in, unknowns let through. */
export function checkWaitInputs(
  checks: InputChecks,
  news: Record<string, unknown>,
  defaults: Pick<WaitInputs, "timeoutSeconds" | "pollIntervalSeconds">,
): WaitInputs {
  return {
    tableName: checks.tableName("tableName", news.tableName),
    timeoutSeconds: checks.positiveNumber(
      "timeoutSeconds",
      news.timeoutSeconds,
      defaults.timeoutSeconds,
    ),
    pollIntervalSeconds: checks.positiveNumber(
      "pollIntervalSeconds",
      news.pollIntervalSeconds,
      defaults.pollIntervalSeconds,
    ),
  };
}

/** Another table is another wait: a replacement. Undefined when the table is the same. */
export function replacedTable(
  olds: Partial<WaitInputs>,
  news: Partial<WaitInputs>,
): pulumi.dynamic.DiffResult | undefined {
  if (isUnknown(news.tableName) || !sameTableName(olds.tableName, news.tableName)) {
    return { changes: true, replaces: ["tableName"] };
  }
  return undefined;
}

/**
 * The schedule of a wait starting now: checks `firstIntervalMs` apart at first (never more than
 * the input's interval), growing to `pollIntervalSeconds`, until `timeoutSeconds` have passed.
 */
export function waitSchedule(inputs: WaitInputs, firstIntervalMs: number): PollSchedule {
  const maxIntervalMs = inputs.pollIntervalSeconds * 1000;
  const startedAt = Date.now();
  return {
    startedAt,
    deadline: startedAt + inputs.timeoutSeconds * 1000,
    initialIntervalMs: Math.min(firstIntervalMs, maxIntervalMs),
    maxIntervalMs,
  };
}

/** The provider's shared REST client; with a schedule, bound to it (requests end with the wait). */
export function waitClient(provider: object, schedule?: PollSchedule): RestClient {
  const client = sharedRestClient(connectionSettingsFor(provider));
  return schedule === undefined ? client : client.withDeadline(checksDeadline(schedule));
}

/** A wait's id: its table, as Unity Catalog compares names (lower case). */
export function waitId(inputs: WaitInputs): string {
  return inputs.tableName.toLowerCase();
}

/** What one wait brings to `waitProvider`. */
export interface WaitParts<Inputs extends WaitInputs, Outputs extends Inputs> {
  check(news: Record<string, unknown>): pulumi.dynamic.CheckResult<Inputs>;
  diff(olds: Partial<Outputs>, news: Partial<Inputs>): pulumi.dynamic.DiffResult;
  /** Waits and records what it found; `olds` on update. */
  wait(provider: object, inputs: Inputs, olds?: Outputs): Promise<Outputs>;
  /** The live state, or undefined when the object waited for is gone. */
  read(provider: object, stored: Outputs): Promise<Outputs | undefined>;
  /** The stored inputs, for `read`'s answer. */
  inputsOf(stored: Outputs): Inputs;
}

/** The provider methods of a wait, for the serialized shell (`implementation`). */
export function waitProvider<Inputs extends WaitInputs, Outputs extends Inputs>(
  parts: WaitParts<Inputs, Outputs>,
): ProviderImplementation<Inputs, Outputs> {
  return {
    configure: (provider, req) => rememberConfiguration(provider, req),
    check: (news) => parts.check(news),
    diff: (_id, olds, news) => parts.diff(olds, news),
    create: async (provider, inputs) => ({
      id: waitId(inputs),
      outs: await parts.wait(provider, inputs),
    }),
    update: async (provider, _id, olds, news) => ({
      outs: await parts.wait(provider, news, olds),
    }),
    read: async (provider, id, stored) => {
      const live = await parts.read(provider, stored);
      if (live === undefined) return { id: "" };
      // The SDK types `inputs` as Outputs; the host only needs the input keys.
      return { id, props: live, inputs: parts.inputsOf(stored) as Outputs };
    },
    // Only a wait: what it waited for belongs to others, and stays.
    delete: async () => undefined,
  };
}
