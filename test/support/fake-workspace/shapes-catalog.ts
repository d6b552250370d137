import { mapOf, message, OPAQUE, VALUE, variant } from "./shape";

/**
 * Unity Catalog messages (tables, catalogs, schemas, registered models, model versions, quality
 * monitors): field names from databricks-sdk-py `databricks/sdk/service/catalog.py` (the dataclass
 * of each name below, and the keyword arguments of `QualityMonitorsAPI.create`/`update` for request
 * bodies). `present` lists the fields the fake always fills in; where the SDK marks them optional
 * this is an ASSUMPTION (a real workspace fills in ids, owners and timestamps).
 */
const sdk = (name: string): string => `databricks-sdk-py catalog.py ${name}`;

const audit = {
  created_at: VALUE,
  created_by: VALUE,
  updated_at: VALUE,
  updated_by: VALUE,
} as const;
const auditPresent = ["created_at", "created_by", "updated_at", "updated_by"] as const;

const columnInfo = message(
  sdk("ColumnInfo"),
  {
    comment: VALUE,
    mask: OPAQUE,
    name: VALUE,
    nullable: VALUE,
    partition_index: VALUE,
    position: VALUE,
    type_interval_type: VALUE,
    type_json: VALUE,
    type_name: VALUE,
    type_precision: VALUE,
    type_scale: VALUE,
    type_text: VALUE,
  },
  ["name", "type_text", "type_name", "position", "nullable"],
);

export const tableInfo = message(
  sdk("TableInfo"),
  {
    ...audit,
    access_point: VALUE,
    browse_only: VALUE,
    catalog_name: VALUE,
    columns: columnInfo,
    comment: VALUE,
    data_access_configuration_id: VALUE,
    data_source_format: VALUE,
    deleted_at: VALUE,
    delta_runtime_properties_kvpairs: OPAQUE,
    effective_predictive_optimization_flag: OPAQUE,
    enable_predictive_optimization: VALUE,
    encryption_details: OPAQUE,
    full_name: VALUE,
    metastore_id: VALUE,
    name: VALUE,
    owner: VALUE,
    pipeline_id: VALUE,
    properties: mapOf(VALUE),
    row_filter: OPAQUE,
    schema_name: VALUE,
    securable_kind_manifest: OPAQUE,
    sql_path: VALUE,
    storage_credential_name: VALUE,
    storage_location: VALUE,
    table_constraints: OPAQUE,
    table_id: VALUE,
    table_type: VALUE,
    view_definition: VALUE,
    view_dependencies: OPAQUE,
  },
  [
    ...auditPresent,
    "name",
    "catalog_name",
    "schema_name",
    "full_name",
    "table_type",
    "data_source_format",
    "columns",
    "owner",
    "table_id",
    "metastore_id",
  ],
);

export const tableExistsResponse = message(sdk("TableExistsResponse"), { table_exists: VALUE }, [
  "table_exists",
]);

export const catalogInfo = message(
  sdk("CatalogInfo"),
  {
    ...audit,
    browse_only: VALUE,
    catalog_federation_config: OPAQUE,
    catalog_type: VALUE,
    comment: VALUE,
    connection_name: VALUE,
    conversion_info: OPAQUE,
    custom_max_retention_hours: VALUE,
    dr_replication_info: OPAQUE,
    effective_predictive_optimization_flag: OPAQUE,
    enable_predictive_optimization: VALUE,
    full_name: VALUE,
    isolation_mode: VALUE,
    managed_encryption_settings: OPAQUE,
    metastore_id: VALUE,
    name: VALUE,
    options: mapOf(VALUE),
    owner: VALUE,
    properties: mapOf(VALUE),
    provider_name: VALUE,
    provisioning_info: OPAQUE,
    securable_type: VALUE,
    share_name: VALUE,
    storage_location: VALUE,
    storage_root: VALUE,
  },
  [...auditPresent, "name", "full_name", "owner", "catalog_type", "metastore_id"],
);

export const listCatalogsResponse = message(sdk("ListCatalogsResponse"), {
  catalogs: catalogInfo,
  next_page_token: VALUE,
});

export const schemaInfo = message(
  sdk("SchemaInfo"),
  {
    ...audit,
    browse_only: VALUE,
    catalog_name: VALUE,
    catalog_type: VALUE,
    comment: VALUE,
    custom_max_retention_hours: VALUE,
    effective_predictive_optimization_flag: OPAQUE,
    enable_predictive_optimization: VALUE,
    full_name: VALUE,
    metastore_id: VALUE,
    name: VALUE,
    owner: VALUE,
    properties: mapOf(VALUE),
    schema_id: VALUE,
    storage_location: VALUE,
    storage_root: VALUE,
  },
  [...auditPresent, "name", "catalog_name", "full_name", "owner", "metastore_id", "schema_id"],
);

export const listSchemasResponse = message(sdk("ListSchemasResponse"), {
  next_page_token: VALUE,
  schemas: schemaInfo,
});

const registeredModelAlias = message(
  sdk("RegisteredModelAlias"),
  {
    alias_name: VALUE,
    catalog_name: VALUE,
    id: VALUE,
    model_name: VALUE,
    schema_name: VALUE,
    version_num: VALUE,
  },
  ["alias_name", "version_num"],
);

export const registeredModelInfo = message(
  sdk("RegisteredModelInfo"),
  {
    ...audit,
    aliases: registeredModelAlias,
    browse_only: VALUE,
    catalog_name: VALUE,
    comment: VALUE,
    full_name: VALUE,
    metastore_id: VALUE,
    name: VALUE,
    owner: VALUE,
    schema_name: VALUE,
    storage_location: VALUE,
  },
  [...auditPresent, "name", "catalog_name", "schema_name", "full_name", "owner", "metastore_id"],
);

export const modelVersionInfo = message(
  sdk("ModelVersionInfo"),
  {
    ...audit,
    aliases: registeredModelAlias,
    catalog_name: VALUE,
    comment: VALUE,
    id: VALUE,
    metastore_id: VALUE,
    model_name: VALUE,
    model_version_dependencies: OPAQUE,
    run_id: VALUE,
    run_workspace_id: VALUE,
    schema_name: VALUE,
    source: VALUE,
    status: VALUE,
    storage_location: VALUE,
    version: VALUE,
  },
  [...auditPresent, "catalog_name", "schema_name", "model_name", "version", "id", "status"],
);

export const listModelVersionsResponse = message(sdk("ListModelVersionsResponse"), {
  model_versions: modelVersionInfo,
  next_page_token: VALUE,
});

const granularitiesAndTimestamp = { granularities: VALUE, timestamp_col: VALUE } as const;

/** The fields a monitor create and update share (`QualityMonitorsAPI.update` arguments). */
const monitorSettings = {
  baseline_table_name: VALUE,
  custom_metrics: message(sdk("MonitorMetric"), {
    definition: VALUE,
    input_columns: VALUE,
    name: VALUE,
    output_data_type: VALUE,
    type: VALUE,
  }),
  data_classification_config: message(sdk("MonitorDataClassificationConfig"), {
    enabled: VALUE,
  }),
  inference_log: message(sdk("MonitorInferenceLog"), {
    ...granularitiesAndTimestamp,
    label_col: VALUE,
    model_id_col: VALUE,
    prediction_col: VALUE,
    prediction_proba_col: VALUE,
    problem_type: VALUE,
  }),
  latest_monitor_failure_msg: VALUE,
  notifications: message(sdk("MonitorNotifications"), {
    on_failure: message(sdk("MonitorDestination"), { email_addresses: VALUE }),
    on_new_classification_tag_detected: message(sdk("MonitorDestination"), {
      email_addresses: VALUE,
    }),
  }),
  output_schema_name: VALUE,
  schedule: message(sdk("MonitorCronSchedule"), {
    pause_status: VALUE,
    quartz_cron_expression: VALUE,
    timezone_id: VALUE,
  }),
  slicing_exprs: VALUE,
  snapshot: message(sdk("MonitorSnapshot"), {}),
  time_series: message(sdk("MonitorTimeSeries"), granularitiesAndTimestamp),
};

export const monitorInfo = message(
  sdk("MonitorInfo"),
  {
    ...monitorSettings,
    assets_dir: VALUE,
    dashboard_id: VALUE,
    drift_metrics_table_name: VALUE,
    monitor_version: VALUE,
    profile_metrics_table_name: VALUE,
    status: VALUE,
    table_name: VALUE,
  },
  [
    "table_name",
    "status",
    "monitor_version",
    "output_schema_name",
    "profile_metrics_table_name",
    "drift_metrics_table_name",
    "assets_dir",
  ],
);

/** Body of POST …/monitor (`QualityMonitorsAPI.create` arguments; table_name is the path). */
export const createMonitor = message(sdk("QualityMonitorsAPI.create"), {
  ...monitorSettings,
  assets_dir: VALUE,
  skip_builtin_dashboard: VALUE,
  warehouse_id: VALUE,
});

/**
 * Body of PUT …/monitor (`QualityMonitorsAPI.update` arguments, which add `dashboard_id`). The
 * create-only fields are accepted here so that `Strictness.createOnlyFields` decides about them
 * (assets_dir is documented as ignored on update; see quality-monitors.ts).
 */
export const updateMonitor = variant(createMonitor, sdk("QualityMonitorsAPI.update"), {
  add: { dashboard_id: VALUE },
});

export const monitorRefreshInfo = message(
  sdk("MonitorRefreshInfo"),
  {
    end_time_ms: VALUE,
    message: VALUE,
    refresh_id: VALUE,
    start_time_ms: VALUE,
    state: VALUE,
    trigger: VALUE,
  },
  ["refresh_id", "state", "start_time_ms", "trigger"],
);

export const monitorRefreshListResponse = message(sdk("MonitorRefreshListResponse"), {
  refreshes: monitorRefreshInfo,
});
