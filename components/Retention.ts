import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec, ScheduleSpec } from "../config/model-spec";
import { retentionJobName } from "../core/retention";
import { COMPONENT_TYPES } from "../core/type-tokens";
import type { TableName } from "../core/types";
import { retentionScript } from "../sql/retention";
import { pauseStatus } from "./options";

/** One model's limits: days of rows to keep per table, null to keep every row. */
export interface ModelRetention {
  model: string;
  payloadTable: TableName;
  processedTable: TableName;
  payloadDays: number | null;
  processedDays: number | null;
  /** Workspace folder (`/Workspace/...` or `/Shared/...`) for the model's SQL file. */
  folder: string;
}

export interface RetentionArgs {
  stack: string;
  warehouseId: string;
  schedule: ScheduleSpec;
  failureEmails: string[];
  /** Models with at least one limit; the others have nothing to delete. */
  models: ModelRetention[];
}

/**
 * The stack's data retention: one scheduled Databricks job with one SQL task per model, each
 * running that model's generated SQL file (sql/retention.ts: DELETE by request_time, purge,
 * VACUUM), with its own failure emails.
 *
 * One job per stack, not per model: retention is an environment's policy (the seed's
 * `retention_days` per environment), so one schedule, one run history to audit ("did prod's
 * deletion run last night?") and one set of failure emails; the job count does not grow with
 * the models. A task per model keeps the models apart: one model's failure (say, a payload
 * table that does not exist before the first request) neither stops nor hides the others. A SQL
 * file task, not a saved query: a file may hold several statements (Databricks jobs docs, SQL
 * task, "File"), and a workspace file is declared with its content (databricks.WorkspaceFile).
 */
export class Retention extends pulumi.ComponentResource {
  readonly jobId: pulumi.Output<string>;

  constructor(name: string, args: RetentionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.Retention, name, {}, opts);
    const tasks = args.models.map((model) => {
      const path = `${workspaceFilePath(model.folder)}/retention.sql`;
      const file = new databricks.WorkspaceFile(
        `${name}-${model.model}-sql`,
        { path, contentBase64: Buffer.from(retentionScriptOf(model)).toString("base64") },
        { parent: this },
      );
      return {
        file,
        task: {
          taskKey: `retention-${model.model}`,
          // The limits in words: a changed limit shows in `pulumi preview` as this text's diff.
          description: limitsText(model),
          // UNCONFIRMED: that a SQL file task from source WORKSPACE takes the /Workspace form of
          // the path (the provider's workspace_path is built that way and Terraform's docs say
          // the path must be absolute). Nothing here can run a job; if the other form is wanted
          // the first run fails with "file not found" and emails, deleting nothing.
          sqlTask: {
            warehouseId: args.warehouseId,
            file: { path: `/Workspace${path}`, source: "WORKSPACE" },
          },
          timeoutSeconds: 4 * 3600,
          maxRetries: 1,
          minRetryIntervalMillis: 600_000,
        },
      };
    });
    const job = new databricks.Job(
      `${name}-job`,
      {
        name: retentionJobName(args.stack),
        description: `Deletes inference rows older than each model's retention limit, then purges and vacuums (model-monitoring, stack ${args.stack})`,
        // Two runs at once would delete and vacuum the same tables.
        maxConcurrentRuns: 1,
        schedule: {
          quartzCronExpression: args.schedule.cron,
          timezoneId: args.schedule.timezone,
          pauseStatus: pauseStatus(args.schedule),
        },
        tasks: tasks.map((t) => t.task),
        emailNotifications:
          args.failureEmails.length > 0 ? { onFailures: args.failureEmails } : undefined,
        tags: { "managed-by": "pulumi", stack: args.stack, purpose: "retention" },
      },
      { parent: this, dependsOn: tasks.map((t) => t.file) },
    );
    this.jobId = job.id;
    this.registerOutputs({ jobId: this.jobId });
  }
}

/** The SQL file the model's task runs (the plan shows the same text). */
export function retentionScriptOf(model: ModelRetention): string {
  return retentionScript({
    ...(model.processedDays === null
      ? {}
      : { processed: { table: model.processedTable, days: model.processedDays } }),
    ...(model.payloadDays === null
      ? {}
      : { payload: { table: model.payloadTable, days: model.payloadDays } }),
  });
}

/** "payload rows older than 30 days, processed rows kept": what the task deletes. */
export function limitsText(
  model: Pick<ModelRetention, "model" | "payloadDays" | "processedDays">,
): string {
  const part = (what: string, days: number | null) =>
    days === null ? `${what} rows kept` : `${what} rows older than ${days} days deleted`;
  return `${model.model}: ${part("processed", model.processedDays)}, ${part("payload", model.payloadDays)} (by request_time)`;
}

/** The workspace API's path of a folder given as `/Workspace/...`: without the prefix. */
function workspaceFilePath(folder: string): string {
  return folder.replace(/^\/Workspace(?=\/)/, "");
}

/** The retention of a stack's models, or nothing when no model has a limit. */
export function retentionArgsOf(specs: readonly ModelSpec[]): RetentionArgs | undefined {
  const limited = specs.filter(
    (s) => s.retention.payloadDays !== null || s.retention.processedDays !== null,
  );
  const [first] = limited;
  if (first === undefined) return undefined;
  return {
    stack: first.stack,
    warehouseId: first.warehouseId,
    // The schedule is the stack's: the same in every spec.
    schedule: first.retention.schedule,
    failureEmails: [...new Set(limited.flatMap((s) => s.retention.failureEmails))].sort(),
    models: limited.map((s) => ({
      model: s.name,
      payloadTable: s.inference.payloadTable,
      processedTable: s.inference.processedTable,
      payloadDays: s.retention.payloadDays,
      processedDays: s.retention.processedDays,
      folder: s.monitor.assetsDir,
    })),
  };
}
