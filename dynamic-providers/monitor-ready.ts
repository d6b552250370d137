import * as pulumi from "@pulumi/pulumi";
import type * as Impl from "./monitor-ready-impl";
import type { MonitorReadyInputs, MonitorReadyOutputs } from "./monitor-ready-impl";
import { loadProjectModule } from "./project-module";

export type { MonitorReadyInputs, MonitorReadyOutputs } from "./monitor-ready-impl";

/**
 * MonitorReady: done when a quality monitor is ACTIVE and its metric tables exist (the wait,
 * the optional first refresh and partial creates: monitor-ready-impl.ts). The provider below is
 * what Pulumi serializes into the state; each method loads the implementation by path, so the
 * serialized text stays a few lines and holds nothing but code.
 */
const impl = (): typeof Impl =>
  loadProjectModule("dynamic-providers/monitor-ready-impl") as typeof Impl;

/** One provider object for every MonitorReady (Pulumi caches its serialization per object). */
export const monitorReadyProvider: pulumi.dynamic.ResourceProvider<
  MonitorReadyInputs,
  MonitorReadyOutputs
> = {
  async configure(req) {
    impl().configure(this, req);
  },
  async check(_olds, news) {
    return impl().checkMonitorReady(news as unknown as Record<string, unknown>);
  },
  async diff(_id, olds, news) {
    return impl().diffMonitorReady(olds, news);
  },
  async create(inputs) {
    return impl().create(this, inputs);
  },
  async update(_id, _olds, news) {
    return impl().update(this, news);
  },
  async read(id, props) {
    return impl().read(this, id, props);
  },
  async delete() {
    // Only a wait: the monitor, its refreshes and metric tables are not this resource's.
  },
};

export interface MonitorReadyArgs {
  tableName: pulumi.Input<string>;
  monitorVersion?: pulumi.Input<number>;
  firstRefresh?: pulumi.Input<boolean>;
  timeoutSeconds?: pulumi.Input<number>;
  pollIntervalSeconds?: pulumi.Input<number>;
}

/** Done once the monitor is ACTIVE and its profile and drift metric tables exist. */
export class MonitorReady extends pulumi.dynamic.Resource {
  declare readonly status: pulumi.Output<string>;
  declare readonly profileMetricsTable: pulumi.Output<string>;
  declare readonly driftMetricsTable: pulumi.Output<string>;
  declare readonly dashboardId: pulumi.Output<string>;
  declare readonly refreshId: pulumi.Output<string>;
  declare readonly refreshState: pulumi.Output<string>;

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
        metricTablesExist: undefined,
      },
      opts,
      "model-monitoring",
      "MonitorReady",
    );
  }
}
