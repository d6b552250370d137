import type { ColumnSpec, LabelsJoin, TableName } from "../core/types";
import type { DataQualitySpec, ThresholdSpec } from "../core/alert-spec";
import type { PrincipalKind } from "./principals";
import type { ExperimentPermissionLevel, RegisteredModelPrivilege } from "./schema/governance";
import type {
  AlertQueryForm,
  CustomMetricType,
  Environment,
  Granularity,
  ModelIdSource,
  MonitorProblemType,
  ProblemType,
  WorkloadSize,
  WorkloadType,
} from "../core/enums";

/**
 * The fully resolved description of one model in one stack: what MonitoredModel.fromSpec builds.
 * Produced by the loader (config/resolve/model.ts) from template < model file < stack < stack
 * per-model override, with the defaults of config/schema/defaults.ts: nothing optional here has
 * a default.
 */

export interface ScheduleSpec {
  cron: string;
  timezone: string;
  paused: boolean;
}

export interface ServedEntitySpec {
  name: string;
  /** Exactly one of version and alias is set; an alias is resolved at deploy time. */
  version?: string;
  alias?: string;
  trafficPercentage: number;
}

export interface EndpointSpec {
  name: string;
  servedEntities: ServedEntitySpec[];
  workloadSize?: WorkloadSize;
  workloadType: WorkloadType;
  minProvisionedConcurrency?: number;
  maxProvisionedConcurrency?: number;
  scaleToZero: boolean;
  queryGroups: string[];
  tags: Record<string, string>;
  timeoutMinutes: number;
}

export interface FeatureSpec extends ColumnSpec {
  categorical: boolean;
}

export interface CustomMetricSpec {
  type: CustomMetricType;
  name: string;
  inputColumns: string[];
  definition: string;
  outputDataType: string;
}

export interface MonitorSpec {
  outputSchema: { catalog: string; schema: string };
  assetsDir: string;
  granularities: Granularity[];
  slicingExprs: string[];
  baselineTable?: string;
  customMetrics: CustomMetricSpec[];
  schedule: ScheduleSpec;
  failureEmails: string[];
  skipBuiltinDashboard: boolean;
}

export interface AlertingSpec {
  recipients: string[];
  notifyOnOk: boolean;
  retriggerMinutes: number;
  /** DriftThresholds `adopt`: take over existing rows of this model instead of failing. */
  adoptThresholds: boolean;
  /** What each AlertV2 holds (sql/alert-queries.ts, alertQueryText). */
  queryForm: AlertQueryForm;
  schedule: ScheduleSpec;
}

export interface InferenceSpec {
  tablePrefix: string;
  payloadTable: TableName;
  processedTable: TableName;
  lateArrivalHours: number;
  /** Where the processed table's `model_id` comes from (sql/model-id.ts). */
  modelIdSource: ModelIdSource;
  schedule: ScheduleSpec;
  /** Import an existing processed table instead of refusing to create over it. */
  adoptProcessedTable: boolean;
}

/**
 * Days of rows to keep by request_time, per table; null keeps every row. The schedule and the
 * failure emails are the stack's (one retention job per stack), repeated in each model's spec.
 */
export interface RetentionSpec {
  payloadDays: number | null;
  processedDays: number | null;
  schedule: ScheduleSpec;
  failureEmails: string[];
}

export interface GrantSpec {
  principal: string;
  privileges: RegisteredModelPrivilege[];
}

export interface RegisteredModelSpec {
  /** false: another stack governs this model; this one only serves it. */
  manage: boolean;
  catalog: string;
  schema: string;
  name: string;
  /** Import the existing model (created by training) instead of creating it. */
  adopt: boolean;
  comment?: string;
  owner?: string;
  /**
   * true: one authoritative databricks.Grants (principals not listed lose their privileges);
   * false: one databricks.Grant per listed principal, other principals left alone.
   */
  authoritativeGrants: boolean;
  /** Sorted by principal. */
  grants: GrantSpec[];
}

export interface ExperimentPermissionSpec {
  principal: string;
  kind: PrincipalKind;
  level: ExperimentPermissionLevel;
}

export interface ExperimentSpec {
  /** Workspace folder created for the experiment: <root>/<model>. */
  folder: string;
  /** Experiment name (a workspace path): <folder>/training. */
  name: string;
  adoptId?: string;
  /** Sorted by principal. */
  permissions: ExperimentPermissionSpec[];
}

export interface GovernanceSpec {
  registeredModel: RegisteredModelSpec;
  experiment: ExperimentSpec;
}

export interface ModelSpec {
  name: string;
  stack: string;
  environment: Environment;
  description?: string;
  template: ProblemType;
  monitorProblemType: MonitorProblemType;
  templateNote?: string;
  /** Full name of the registered model this stack serves (after governance.registeredModel.catalog). */
  registeredModel: string;
  warehouseId: string;
  endpoint: EndpointSpec;
  inference: InferenceSpec;
  features: FeatureSpec[];
  prediction: FeatureSpec;
  label?: ColumnSpec;
  idColumn: string;
  labels?: LabelsJoin;
  monitor: MonitorSpec;
  thresholds: ThresholdSpec[];
  dataQuality: DataQualitySpec;
  alerting: AlertingSpec;
  governance: GovernanceSpec;
  retention: RetentionSpec;
  /** protect + retainOnDelete on tables that hold data. */
  protectData: boolean;
  /** Where each part came from, for messages and the plan. */
  sources: { template: string; model: string; stack: string };
}
