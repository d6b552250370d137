import { type PolicySettings, POLICY_SETTINGS } from "../../policies/config";
import type { PolicyContext } from "../../policies/rule";
import { type PolicySubject, UNKNOWN } from "../../policies/subject";

/**
 * Synthetic resources shaped like the offline plan records them. `monitoredModel` builds one
 * model that passes every rule in prod; tests change one thing and expect one finding.
 */

export const T = {
  component: "model-monitoring:index:MonitoredModel",
  modelServing: "databricks:index/modelServing:ModelServing",
  qualityMonitor: "databricks:index/qualityMonitor:QualityMonitor",
  alertV2: "databricks:index/alertV2:AlertV2",
  destination: "databricks:index/notificationDestination:NotificationDestination",
  job: "databricks:index/job:Job",
  sqlTable: "databricks:index/sqlTable:SqlTable",
} as const;

export function resource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  extra: Partial<PolicySubject> = {},
): PolicySubject {
  return {
    urn: `urn:pulumi:prod::model-monitoring::${type}::${name}`,
    type,
    name,
    inputs,
    options: {},
    ...extra,
  };
}

export function context(
  environment = "prod",
  settings: Partial<PolicySettings> = {},
): PolicyContext {
  return {
    stack: environment,
    environment,
    settings: { ...POLICY_SETTINGS, ...settings },
    seesRetainOnDelete: true,
  };
}

export interface ModelBundle {
  component: PolicySubject;
  endpoint: PolicySubject;
  table: PolicySubject;
  job: PolicySubject;
  monitor: PolicySubject;
  alert: PolicySubject;
  all: PolicySubject[];
}

/** One fully monitored model (`churn` -> tables ml_prod.inference.churn_*). */
export function monitoredModel(model = "churn"): ModelBundle {
  const component = resource(T.component, model, {});
  const child = { parentUrn: component.urn };
  const endpoint = resource(
    T.modelServing,
    `${model}-endpoint`,
    {
      name: `${model}-prod`,
      config: {
        servedEntities: [
          {
            name: "champion",
            entityName: `ml.models.${model}`,
            entityVersion: "3",
            workloadSize: "Small",
            scaleToZeroEnabled: false,
          },
        ],
      },
      aiGateway: {
        inferenceTableConfig: {
          enabled: true,
          catalogName: "ml_prod",
          schemaName: "inference",
          tableNamePrefix: model,
        },
      },
    },
    child,
  );
  const table = resource(
    T.sqlTable,
    `${model}-processed`,
    { catalogName: "ml_prod", schemaName: "inference", name: `${model}_processed` },
    { ...child, options: { protect: true, retainOnDelete: true } },
  );
  const schedule = { quartzCronExpression: "0 0 4 * * ?", timezoneId: "Europe/Amsterdam" };
  const job = resource(
    T.job,
    `${model}-refresh`,
    { schedule: { ...schedule, pauseStatus: "UNPAUSED" } },
    child,
  );
  const monitor = resource(
    T.qualityMonitor,
    `${model}-monitor`,
    {
      tableName: `ml_prod.inference.${model}_processed`,
      outputSchemaName: "ml_prod.monitoring",
      inferenceLog: { problemType: "PROBLEM_TYPE_CLASSIFICATION", timestampCol: "request_time" },
      schedule,
    },
    child,
  );
  const alert = resource(
    T.alertV2,
    `${model}-drift-critical`,
    {
      displayName: `${model} drift`,
      queryText: `SELECT count(*) AS breaches FROM ml_prod.monitoring.${model}_processed_drift_metrics d JOIN ml_prod.monitoring.thresholds t ON d.column_name = t.column_name`,
      evaluation: {
        comparisonOperator: "GREATER_THAN",
        source: { name: "breaches" },
        notification: { subscriptions: [{ userEmail: "ml-oncall@example.com" }] },
      },
      schedule: {
        quartzCronSchedule: "0 30 4 * * ?",
        timezoneId: "Europe/Amsterdam",
        pauseStatus: "UNPAUSED",
      },
    },
    child,
  );
  return {
    component,
    endpoint,
    table,
    job,
    monitor,
    alert,
    all: [component, endpoint, table, job, monitor, alert],
  };
}

/** A copy of `subject` with `inputs` deep-merged into a clone (null deletes a key). */
export function withInputs(subject: PolicySubject, inputs: Record<string, unknown>): PolicySubject {
  return { ...subject, inputs: merge(structuredClone(subject.inputs), inputs) };
}

function merge(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (value === null) delete target[key];
    else if (isPlainObject(value) && isPlainObject(current)) merge(current, value);
    else target[key] = value;
  }
  return target;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Replaces one resource of a bundle, keeping the others. */
export function replace(all: PolicySubject[], next: PolicySubject): PolicySubject[] {
  return all.map((r) => (r.urn === next.urn ? next : r));
}

export { UNKNOWN };
