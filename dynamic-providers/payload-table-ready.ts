import * as pulumi from "@pulumi/pulumi";
import type { PayloadTableReadyInputs, PayloadTableReadyOutputs } from "./payload-table-ready-impl";
import { delegatingProvider } from "./shared/delegating-provider";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../core/type-tokens";

export type { PayloadTableReadyInputs, PayloadTableReadyOutputs } from "./payload-table-ready-impl";

/**
 * PayloadTableReady: looks for an endpoint's inference payload table for a short while and
 * records whether Databricks has created it yet (the look and its assumptions:
 * payload-table-ready-impl.ts). The provider below is what Pulumi
 * serializes into the state; each method loads the implementation by path, so the serialized
 * text stays a few lines and holds nothing but code.
 * One provider object for every PayloadTableReady: Pulumi caches its serialization per object.
 */
export const payloadTableReadyProvider = delegatingProvider<
  PayloadTableReadyInputs,
  PayloadTableReadyOutputs
>("dynamic-providers/payload-table-ready-impl");

export interface PayloadTableReadyArgs {
  tableName: pulumi.Input<string>;
  endpointName?: pulumi.Input<string>;
  timeoutSeconds?: pulumi.Input<number>;
  pollIntervalSeconds?: pulumi.Input<number>;
}

/** Whether Databricks has created the endpoint's payload table yet (`tableExists`). */
export class PayloadTableReady extends pulumi.dynamic.Resource {
  declare readonly tableName: pulumi.Output<string>;
  declare readonly tableExists: pulumi.Output<boolean>;

  constructor(name: string, args: PayloadTableReadyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      payloadTableReadyProvider,
      name,
      { ...args, tableExists: undefined },
      opts,
      DYNAMIC_MODULE,
      DYNAMIC_TYPES.PayloadTableReady,
    );
  }
}
