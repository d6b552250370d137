/**
 * What the bridged Databricks provider does with the fields our components send, per resource
 * type: which it does not read back (or reads back only when non-default), which are
 * create-only, which force a new resource. A field the provider does not read back turns into
 * a diff after every refresh, and into a replacement when it is in `replaceOnChanges`; a
 * create-only field that is not ignored is a diff that no update ever applies.
 *
 * Read in terraform-provider-databricks at 684f4424 (HEAD of the mirror, after tag v1.128.0).
 * @pulumi/databricks 1.110.0 bridges a newer upstream than the mirror holds (pulumi-databricks
 * v1.106.0 bridges v1.128.0, and 1.110.0 ships resources such as databricks_sandbox that HEAD
 * lacks), so HEAD is the nearest version that could be read. Paths are Pulumi input names;
 * `[]` steps into every item of a list. `read-back-check.ts` applies these facts; a test runs
 * it over the planned resources of every shipped stack.
 */

export type ReadBackKind =
  /** Stored only when it differs from `default`: send the field only with other values. */
  | "omitWhenDefault"
  /** Not ForceNew, and no update applies it: ignoreChanges, or replaceOnChanges (`handling`). */
  | "createOnly"
  /** The provider itself replaces the resource when it changes. */
  | "forceNew"
  /** Never read from the workspace: the state keeps what was sent, so refresh sees no drift. */
  | "keptFromState"
  /** Read back as Unity Catalog's lower-case name, without diff suppression: send lower case. */
  | "lowercaseReadBack";

export interface ReadBackFact {
  path: string;
  kind: ReadBackKind;
  /** omitWhenDefault: the value the provider does not keep. */
  default?: unknown;
  /** createOnly: how the component must declare it. */
  handling?: "ignoreChanges" | "replaceOnChanges";
  /** File and function (lines at 684f4424) or API reference the fact comes from. */
  source: string;
  /** What the Go code cannot tell; the component works under either answer unless said. */
  unconfirmed?: string;
}

export interface ResourceReadBack {
  /** The Terraform resource and whether it runs on the SDKv2 or the plugin framework (PF). */
  resource: string;
  facts: ReadBackFact[];
  /** Fields sent and found harmless, so a reviewer sees they were checked. */
  reviewed: string;
}

const MONITOR = "internal/providers/pluginfw/products/qualitymonitor/resource_quality_monitor.go";
const SERVING = "serving/resource_model_serving.go";
const SQL_TABLE = "catalog/resource_sql_table.go";
const ALERT = "internal/providers/pluginfw/products/alert_v2/resource_alert_v2.go";
const PF_CONVERT = "internal/providers/pluginfw/converters/go_to_tf.go goSdkToTfSdkSingleField";
/** common.StructToData skips empty API values, so an SDKv2 state keeps what was sent. */
const SDKV2_EMPTY = "common/reflect_resource.go StructToData (lines 727-741)";

export const PROVIDER_READ_BACK: Record<string, ResourceReadBack> = {
  "databricks:index/qualityMonitor:QualityMonitor": {
    resource: "databricks_quality_monitor (PF: pluginfw_rollout_utils.go migratedResources)",
    facts: [
      {
        path: "skipBuiltinDashboard",
        kind: "omitWhenDefault",
        default: false,
        source: `${MONITOR} Read (lines 233-235) keeps it only when true; GET omits it`,
      },
      {
        path: "skipBuiltinDashboard",
        kind: "createOnly",
        handling: "ignoreChanges",
        source: `${MONITOR} Update (292-293) copies it from state; UpdateMonitor has no such field`,
      },
      {
        path: "warehouseId",
        kind: "keptFromState",
        source: `${MONITOR} Read (230-232) keeps the state's value when non-empty; GET omits it`,
      },
      {
        path: "warehouseId",
        kind: "createOnly",
        handling: "replaceOnChanges",
        source: `${MONITOR} Update (292); databricks-sdk-py QualityMonitorsAPI.update has no warehouse_id`,
      },
      {
        path: "assetsDir",
        kind: "createOnly",
        handling: "replaceOnChanges",
        source: "databricks-sdk-py QualityMonitorsAPI.update has no assets_dir",
        unconfirmed:
          "that GET returns assets_dir as sent; we send the /Workspace/... form Databricks uses for its own default",
      },
      {
        path: "tableName",
        kind: "createOnly",
        handling: "replaceOnChanges",
        source: `${MONITOR} ImportState (116): the table is the monitor's identity; nothing is RequiresReplace (Schema 85-107)`,
      },
      {
        path: "outputSchemaName",
        kind: "createOnly",
        handling: "replaceOnChanges",
        source:
          "docs/databricks-api.md, quality monitors: output asset identifiers cannot be updated",
      },
      ...["tableName", "outputSchemaName", "baselineTableName"].map((path): ReadBackFact => ({
        path,
        kind: "lowercaseReadBack",
        source: `${MONITOR} Read (223-228) stores GET's value as is: no case-insensitive suppression (databricks_sql_table has one)`,
        unconfirmed:
          "that GET answers Unity Catalog's lower-case names; lower case is right either way",
      })),
      {
        path: "customMetrics",
        kind: "omitWhenDefault",
        default: [],
        source: `${PF_CONVERT}: an absent list becomes null, not []`,
        unconfirmed:
          "whether the bridge equates an empty block list with null; omitting it is right either way",
      },
    ],
    reviewed:
      "inferenceLog.*, schedule (pause_status is read-only, never sent), notifications, slicingExprs: read back as sent",
  },
  "databricks:index/modelServing:ModelServing": {
    resource: "databricks_model_serving (SDKv2)",
    facts: [
      {
        path: "description",
        kind: "createOnly",
        handling: "ignoreChanges",
        source: `${SERVING} Update (482-505) acts on config, tags and ai_gateway only; Read (474) reads description back, so an edit stays a diff forever`,
      },
      { path: "name", kind: "forceNew", source: `${SERVING} ResourceModelServing (352)` },
      { path: "routeOptimized", kind: "forceNew", source: `${SERVING} (401); not sent` },
    ],
    reviewed:
      "config.servedEntities (cleanWorkloadSize and preserveConfigOrder, 471-472), trafficConfig, aiGateway, tags (a set): read back; catalog/schema case of the inference table UNCONFIRMED",
  },
  "databricks:index/sqlTable:SqlTable": {
    resource: "databricks_sql_table (SDKv2)",
    facts: [
      ...["catalogName", "schemaName", "tableType", "dataSourceFormat"].map(
        (path): ReadBackFact => ({
          path,
          kind: "forceNew",
          source: `${SQL_TABLE} SqlTableInfo tags (50-53): a change drops and recreates the table`,
        }),
      ),
      ...["warehouseId", "clusterKeys", "properties"].map((path): ReadBackFact => ({
        path,
        kind: "keptFromState",
        source: `${SQL_TABLE} getTable (110-116) moves properties to effective_properties; the tables API returns no cluster keys or warehouse; ${SDKV2_EMPTY}`,
      })),
    ],
    reviewed:
      "name (case-insensitive suppression, 76-79; not ForceNew: an update ALTERs the new name, so a rename fails), columns (types compared normalised, 94-96), comment: read back. Create runs CREATE OR REPLACE TABLE for managed Delta tables (294-296): InferenceTable refuses an existing table",
  },
  "databricks:index/alertV2:AlertV2": {
    resource: "databricks_alert_v2 (PF, generated)",
    facts: [
      {
        path: "evaluation.threshold.value.doubleValue",
        kind: "omitWhenDefault",
        default: 0,
        source: `${PF_CONVERT}: a zero number absent from GET's JSON becomes null (marshal.Unmarshal lists only present fields in ForceSendFields)`,
        unconfirmed:
          "whether GET returns double_value 0; the alerts compare >= 1, right either way",
      },
    ],
    reviewed: `notifyOnOk and retriggerSeconds 0 are kept by AlertV2Notification.SyncFieldsDuringRead (internal/service/sql_tf/model.go); parameters[].type STRING and schedule.pauseStatus UNPAUSED are sent as the provider docs' example does (UNCONFIRMED that GET echoes them); no field is replace-on-change (${ALERT} update mask, line 657)`,
  },
  "databricks:index/notificationDestination:NotificationDestination": {
    resource: "databricks_notification_destination (SDKv2)",
    facts: [
      {
        path: "config.email",
        kind: "forceNew",
        source:
          "settings/resource_notification_destination.go CustomizeSchema (135): adding or removing the block replaces; addresses update in place",
      },
    ],
    reviewed: "displayName, config.email.addresses: read back (address order UNCONFIRMED)",
  },
  "databricks:index/registeredModel:RegisteredModel": {
    resource: "databricks_registered_model (SDKv2)",
    facts: ["name", "catalogName", "schemaName"].map((path) => ({
      path,
      kind: "forceNew" as const,
      source: "catalog/resource_registered_model.go ResourceRegisteredModel (24-26)",
    })),
    reviewed: "comment read back (an emptied comment is force-sent, 108-110); owner computed",
  },
  "databricks:index/permissions:Permissions": {
    resource: "databricks_permissions (SDKv2)",
    facts: ["servingEndpointId", "experimentId"].map((path) => ({
      path,
      kind: "forceNew" as const,
      source: "permissions/resource_permissions.go ResourcePermissions (177-179): every object id",
    })),
    reviewed: "accessControls: a set hashed case-insensitively on the principal, read back",
  },
  "databricks:index/grants:Grants": {
    resource: "databricks_grants (SDKv2)",
    facts: [{ path: "model", kind: "forceNew", source: "catalog/resource_grants.go (155-159)" }],
    reviewed: "grants: a set hashed on lower-case principal and normalised privileges",
  },
  "databricks:index/grant:Grant": {
    resource: "databricks_grant (SDKv2)",
    facts: ["model", "principal"].map((path) => ({
      path,
      kind: "forceNew" as const,
      source:
        "catalog/resource_grant.go ResourceGrant (143, 155-161): principal and every securable",
    })),
    reviewed:
      "privileges: a set hashed on normalised privileges, read back for this principal only",
  },
  "databricks:index/mlflowExperiment:MlflowExperiment": {
    resource: "databricks_mlflow_experiment (SDKv2)",
    facts: [],
    reviewed:
      "name read back with /Workspace and trailing-slash suppression (mlflow/resource_mlflow_experiment.go 13-20, 35)",
  },
  "databricks:index/directory:Directory": {
    resource: "databricks_directory (SDKv2)",
    facts: [{ path: "path", kind: "forceNew", source: "workspace/resource_directory.go (25)" }],
    reviewed: "path only",
  },
  "databricks:index/job:Job": {
    resource: "databricks_job (SDKv2)",
    facts: [],
    reviewed:
      "no ForceNew field; pause_status and max_concurrent_runs have schema defaults (jobs/resource_job.go 535, 571); email_notifications suppress_diff",
  },
  "databricks:index/query:Query": {
    resource: "databricks_query (SDKv2)",
    facts: [
      { path: "parentPath", kind: "forceNew", source: "sql/resource_query.go (34); not sent" },
    ],
    reviewed:
      "displayName, queryText, warehouseId, description: updated in place (update mask, 151-156)",
  },
  "databricks:index/workspaceFile:WorkspaceFile": {
    resource: "databricks_workspace_file (SDKv2)",
    facts: [
      {
        path: "path",
        kind: "forceNew",
        source: "workspace/file_resource.go FileContentSchema (path: ForceNew)",
      },
      {
        path: "contentBase64",
        kind: "keptFromState",
        source:
          "workspace/resource_workspace_file.go Read (GetStatusByPath returns no content); a change is seen through md5 of what is sent",
      },
    ],
    reviewed:
      "url, object_id, workspace_path computed; the file is uploaded with overwrite on update",
  },
};
