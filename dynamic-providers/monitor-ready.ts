import * as pulumi from "@pulumi/pulumi";
import type { MonitorReadyInputs, MonitorReadyOutputs } from "./monitor-ready-impl";
import { delegatingProvider } from "./shared/delegating-provider";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../core/type-tokens";

export type { MonitorReadyInputs, MonitorReadyOutputs } from "./monitor-ready-impl";

/**
 * MonitorReady: the quality monitor is ACTIVE, its first refresh is started and followed for a
 * bounded time, and whether its metric tables exist yet is recorded; no data yet is not a
 * failure (the wait, the first refresh and partial creates: monitor-ready-impl.ts). The provider below is
 * what Pulumi serializes into the state; each method loads the implementation by path, so the
 * serialized text stays a few lines and holds nothing but code.
 * One provider object for every MonitorReady: Pulumi caches its serialization per object.
 */
export const monitorReadyProvider = delegatingProvider<MonitorReadyInputs, MonitorReadyOutputs>(
  "dynamic-providers/monitor-ready-impl",
);

export interface MonitorReadyArgs {
  tableName: pulumi.Input<string>;
  /** The QualityMonitor's version: a new one means a changed configuration (wait again). */
  monitorVersion?: pulumi.Input<number>;
  /** Run a refresh when none succeeded, the metric tables are gone, or the version changed. */
  firstRefresh?: pulumi.Input<boolean>;
  timeoutSeconds?: pulumi.Input<number>;
  pollIntervalSeconds?: pulumi.Input<number>;
}

/**
 * Done once the monitor is ACTIVE and its first refresh has ended or had its time;
 * `metricTablesExist` says whether the metric tables are there yet.
 */
export class MonitorReady extends pulumi.dynamic.Resource {
  declare readonly status: pulumi.Output<string>;
  declare readonly profileMetricsTable: pulumi.Output<string>;
  declare readonly driftMetricsTable: pulumi.Output<string>;
  declare readonly dashboardId: pulumi.Output<string>;
  declare readonly refreshId: pulumi.Output<string>;
  declare readonly refreshState: pulumi.Output<string>;
  declare readonly refreshMessage: pulumi.Output<string>;
  declare readonly metricTablesExist: pulumi.Output<boolean>;
  declare readonly metricTablesSeen: pulumi.Output<boolean>;

  constructor(name: string, args: MonitorReadyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      monitorReadyProvider,
      name,
      {
        ...args,
        status: undefined,
        profileMetricsTable: undefined,
        driftMetricsTable: undefined,
        dashboardId: undefined,
        refreshId: undefined,
        refreshState: undefined,
        refreshMessage: undefined,
        metricTablesExist: undefined,
        metricTablesSeen: undefined,
      },
      opts,
      DYNAMIC_MODULE,
      DYNAMIC_TYPES.MonitorReady,
    );
  }
}
