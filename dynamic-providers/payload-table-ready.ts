import * as pulumi from "@pulumi/pulumi";
import type * as Impl from "./payload-table-ready-impl";
import type { PayloadTableReadyInputs, PayloadTableReadyOutputs } from "./payload-table-ready-impl";
import { loadProjectModule } from "./project-module";

export type { PayloadTableReadyInputs, PayloadTableReadyOutputs } from "./payload-table-ready-impl";

/**
 * PayloadTableReady: done once Databricks has created an endpoint's inference payload table
 * (the wait and its assumptions: payload-table-ready-impl.ts). The provider below is what Pulumi
 * serializes into the state; each method loads the implementation by path, so the serialized
 * text stays a few lines and holds nothing but code.
 */
const impl = (): typeof Impl =>
  loadProjectModule("dynamic-providers/payload-table-ready-impl") as typeof Impl;

/** One provider object for every PayloadTableReady (Pulumi caches its serialization per object). */
export const payloadTableReadyProvider: pulumi.dynamic.ResourceProvider<
  PayloadTableReadyInputs,
  PayloadTableReadyOutputs
> = {
  async configure(req) {
    impl().configure(this, req);
  },
  async check(_olds, news) {
    return impl().checkPayloadTableReady(news as unknown as Record<string, unknown>);
  },
  async diff(_id, olds, news) {
    return impl().diffPayloadTableReady(olds, news);
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
    // Only a wait: the table belongs to Databricks and the endpoint, and stays.
  },
};

export interface PayloadTableReadyArgs {
  tableName: pulumi.Input<string>;
  endpointName?: pulumi.Input<string>;
  timeoutSeconds?: pulumi.Input<number>;
  pollIntervalSeconds?: pulumi.Input<number>;
}

/** Done once Databricks has created the endpoint's payload table. */
export class PayloadTableReady extends pulumi.dynamic.Resource {
  declare readonly tableName: pulumi.Output<string>;
  declare readonly tableExists: pulumi.Output<boolean>;

  constructor(name: string, args: PayloadTableReadyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      payloadTableReadyProvider,
      name,
      { ...args, tableExists: undefined },
      opts,
      "model-monitoring",
      "PayloadTableReady",
    );
  }
}
