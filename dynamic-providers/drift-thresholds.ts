import * as pulumi from "@pulumi/pulumi";
import { keyedThresholds, type ThresholdRow } from "../core/threshold-rows";
import { delegatingProvider } from "./shared/delegating-provider";
import { DYNAMIC_MODULE, DYNAMIC_TYPES } from "../core/type-tokens";

/**
 * DriftThresholds: one model's thresholds as rows of the stack's thresholds table
 * (`<catalog>.<monitoring schema>.drift_thresholds`), written through the SQL warehouse.
 *
 * - create: ensures the table, writes the rows; refuses to overwrite rows it did not write
 *   unless `adopt` (import does not work for dynamic resources, pulumi/pulumi#16175);
 * - update: writes only the rows that changed and removes the ones that are gone;
 * - delete: removes this model's rows, nothing else;
 * - read (refresh): the live rows as outputs and inputs, so an edit made in the workspace shows
 *   as `thresholds.<column/statistic/drift type/severity>.value: 0.01 => 0.05` and a model
 *   whose rows were all deleted as gone.
 *
 * The provider below is what Pulumi serializes into the state: each method loads the
 * implementation by path (drift-thresholds-impl.ts) so the serialized text stays a few lines
 * and holds nothing but code. Credentials reach it through configure() or the environment.
 */

/** One provider object for every DriftThresholds resource (serialized once per program run). */
export const driftThresholdsProvider = delegatingProvider<
  Record<string, unknown>,
  Record<string, unknown>
>("dynamic-providers/drift-thresholds-impl");

export interface DriftThresholdsArgs {
  /** `catalog.schema.table` of the stack's thresholds table. */
  table: pulumi.Input<string>;
  /** The model the rows belong to (models/<name>.yaml). */
  model: pulumi.Input<string>;
  thresholds: pulumi.Input<ThresholdRow[]>;
  /**
   * Take over rows of this model that already exist (written by hand, another tool or a lost
   * state) instead of refusing. Create then claims them and makes them match the program.
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * The SQL warehouse that holds the table; default the provider's configuration
   * (`model-monitoring:warehouseId`, DATABRICKS_WAREHOUSE_ID or the profile's warehouse_id).
   */
  warehouseId?: pulumi.Input<string>;
}

export class DriftThresholds extends pulumi.dynamic.Resource {
  declare readonly table: pulumi.Output<string>;
  declare readonly model: pulumi.Output<string>;
  /** Live rows keyed by `column/statistic/drift type/severity`. */
  declare readonly thresholds: pulumi.Output<Record<string, ThresholdRow>>;
  declare readonly adopt: pulumi.Output<boolean>;
  declare readonly warehouseId: pulumi.Output<string | undefined>;

  constructor(name: string, args: DriftThresholdsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      driftThresholdsProvider,
      name,
      {
        table: args.table,
        model: args.model,
        thresholds: pulumi.output(args.thresholds).apply((rows) => keyedThresholds(rows)),
        adopt: args.adopt ?? false,
        ...(args.warehouseId === undefined ? {} : { warehouseId: args.warehouseId }),
      },
      opts,
      DYNAMIC_MODULE,
      DYNAMIC_TYPES.DriftThresholds,
    );
  }
}
