import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import { BUILT_IN } from "../core/defaults";
import { DEFAULT_MODEL_ID_SOURCE, type ModelIdSource } from "../core/enums";
import { formatTableName } from "../core/names";
import { processedTableSpecOf } from "../core/processed-table-spec";
import { COMPONENT_TYPES } from "../core/type-tokens";
import type { ColumnSpec, LabelsJoin, TableName } from "../core/types";
import { sqlTypeName } from "../sql/column-types";
import { processedTableColumns, refreshProcessedTableSql } from "../sql/processed-table";
import { processedTableSpecProblems } from "../sql/processed-table-spec";
import {
  dataResourceOptions,
  pauseStatus,
  rejectProblems,
  timezoneOf,
  type ScheduleArgs,
} from "./options";
import { existingTableHook } from "./table-create-guard";

export interface InferenceTableArgs {
  /** The model's name, for names, descriptions and tags. */
  model: string;
  /** The stack's name in the job's and query's names; default the current stack. */
  stack?: string;
  /** The AI Gateway's `<prefix>_payload` table, which Databricks creates and writes. */
  payloadTable: TableName;
  /** The typed table this declares, beside the payload table. */
  processedTable: TableName;
  /** The model's input columns, unpacked from each logged request. */
  features: ColumnSpec[];
  prediction: ColumnSpec;
  /** Ground truth, filled in from `labels` (give both or neither). */
  label?: ColumnSpec;
  labels?: LabelsJoin;
  /** How far behind the newest processed row each run re-scans for late rows; default 6. */
  lateArrivalHours?: number;
  /** Where `model_id` comes from (sql/model-id.ts); default served_entity_id. */
  modelIdSource?: ModelIdSource;
  /** The SQL warehouse that runs the MERGE. */
  warehouseId: pulumi.Input<string>;
  /** When the MERGE runs. */
  schedule: ScheduleArgs;
  /** Told when a run fails. */
  failureEmails?: pulumi.Input<string>[];
  /** Protect and retain the processed table. */
  protectData?: boolean;
  /** Take over an existing processed table (and its data) instead of refusing to create over it. */
  adoptExisting?: boolean;
  /** How to adopt, in the words of the caller's configuration (the refusal quotes it). */
  adoptHint?: string;
  /**
   * The payload table's readiness wait (a PayloadTableReady). The MERGE job reads that table,
   * which Databricks creates some time after the endpoint, so the job comes after the wait.
   */
  payloadTableReady?: pulumi.Resource;
}

/**
 * The inference tables of one model. Databricks writes raw requests and responses as JSON
 * into `<prefix>_payload`; a monitor needs typed columns, so this declares a processed table
 * with one column per feature and a scheduled job that MERGEs new payload rows into it.
 *
 * Vehicle: a Databricks Job running one SQL task (a saved query) on a SQL warehouse. It
 * needs no cluster or pipeline, runs on the warehouse the monitors already use, its schedule
 * can be paused in dev, failures e-mail the same people as monitor failures, and the MERGE
 * is incremental and idempotent, so a missed or repeated run does no harm.
 */
export class InferenceTable extends pulumi.ComponentResource {
  readonly payloadTableName: pulumi.Output<string>;
  readonly processedTableName: pulumi.Output<string>;
  readonly refreshJobId: pulumi.Output<string>;
  /** The processed table resource, for dependents such as the monitor. */
  readonly processedTable: databricks.SqlTable;

  constructor(name: string, args: InferenceTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.InferenceTable, name, {}, opts);
    const tableSpec = processedTableSpecOf({
      inference: {
        payloadTable: args.payloadTable,
        processedTable: args.processedTable,
        lateArrivalHours: args.lateArrivalHours ?? BUILT_IN.lateArrivalHours,
        modelIdSource: args.modelIdSource ?? DEFAULT_MODEL_ID_SOURCE,
      },
      features: args.features,
      prediction: args.prediction,
      ...(args.label === undefined ? {} : { label: args.label }),
      ...(args.labels === undefined ? {} : { labels: args.labels }),
    });
    rejectProblems("InferenceTable", name, processedTableSpecProblems(tableSpec));
    const stack = args.stack ?? pulumi.getStack();
    const processed = args.processedTable;
    const payload = formatTableName(args.payloadTable);

    this.processedTable = new databricks.SqlTable(
      `${name}-processed`,
      {
        catalogName: processed.catalog,
        schemaName: processed.schema,
        name: processed.table,
        tableType: "MANAGED",
        dataSourceFormat: "DELTA",
        comment: `Typed inference log of ${args.model}, unpacked from ${payload}`,
        columns: processedTableColumns(tableSpec).map((c) => ({
          name: c.name,
          type: sqlTypeName(c.type),
          comment: c.comment,
        })),
        clusterKeys: ["request_date"],
        // Change data feed lets the monitor process only new rows.
        properties: { "delta.enableChangeDataFeed": "true" },
        warehouseId: args.warehouseId,
      },
      { parent: this, ...dataResourceOptions(args.protectData), ...processedTableAdoption(args) },
    );

    const query = new databricks.Query(
      `${name}-refresh-sql`,
      {
        displayName: `[model-monitoring] ${stack}/${args.model}: refresh ${formatTableName(processed)}`,
        queryText: refreshProcessedTableSql(tableSpec),
        warehouseId: args.warehouseId,
        description: "Generated by model-monitoring; edits are overwritten by pulumi up.",
      },
      { parent: this },
    );

    const schedule = args.schedule;
    const failureEmails = args.failureEmails ?? [];
    const job = new databricks.Job(
      `${name}-refresh`,
      {
        name: `model-monitoring-${stack}-${args.model}-refresh-processed`,
        description: `MERGE new rows of ${payload} into ${formatTableName(processed)}`,
        // Two overlapping MERGEs would contend for the same rows.
        maxConcurrentRuns: 1,
        schedule: {
          quartzCronExpression: schedule.cron,
          timezoneId: timezoneOf(schedule),
          pauseStatus: pauseStatus(schedule),
        },
        tasks: [
          {
            taskKey: "merge_payload",
            sqlTask: { warehouseId: args.warehouseId, query: { queryId: query.id } },
            timeoutSeconds: 3600,
            maxRetries: 2,
            minRetryIntervalMillis: 60_000,
          },
        ],
        emailNotifications: failureEmails.length > 0 ? { onFailures: failureEmails } : undefined,
        tags: { "managed-by": "pulumi", model: args.model, stack },
      },
      {
        parent: this,
        dependsOn: [
          this.processedTable,
          ...(args.payloadTableReady === undefined ? [] : [args.payloadTableReady]),
        ],
      },
    );

    this.payloadTableName = pulumi.output(payload);
    this.processedTableName = pulumi.output(formatTableName(processed));
    this.refreshJobId = job.id;
    this.registerOutputs({
      payloadTableName: this.payloadTableName,
      processedTableName: this.processedTableName,
      refreshJobId: this.refreshJobId,
    });
  }
}

/**
 * Never create the processed table over an existing one (table-create-guard.ts): adopt it with
 * Pulumi's `import` option when configured (the provider's id is the full name, resource_sql_table.go
 * Create: d.SetId(ti.FullName())), and otherwise refuse before the create. The hook stays with
 * adoption too: once adopted, a replacement would create again.
 */
export function processedTableAdoption(
  args: Pick<InferenceTableArgs, "processedTable" | "adoptExisting" | "adoptHint">,
): Pick<pulumi.CustomResourceOptions, "hooks" | "import"> {
  const fullName = formatTableName(args.processedTable);
  const hook = existingTableHook({
    fullName,
    adoptWith: args.adoptHint ?? "adoptExisting: true on this InferenceTable",
  });
  return {
    hooks: { beforeCreate: [hook] },
    ...(args.adoptExisting === true ? { import: fullName } : {}),
  };
}
