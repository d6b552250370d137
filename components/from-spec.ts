import type { ModelSpec } from "../config/model-spec";
import type { MonitoredModelArgs } from "./monitored-model-parts";

/**
 * The adapter from the YAML configuration: a resolved ModelSpec (config/load-project.ts) as
 * MonitoredModel's arguments. Every value is given, so no component default applies; what the
 * YAML leaves out has already taken the configuration's defaults (config/schema/defaults.ts).
 */
export function monitoredModelArgsFromSpec(spec: ModelSpec): MonitoredModelArgs {
  const { endpoint, inference, monitor, alerting, governance } = spec;
  const registered = governance.registeredModel;
  const sizing =
    endpoint.workloadSize !== undefined
      ? { workloadSize: endpoint.workloadSize }
      : {
          minProvisionedConcurrency: endpoint.minProvisionedConcurrency,
          maxProvisionedConcurrency: endpoint.maxProvisionedConcurrency,
        };
  return {
    registeredModel: spec.registeredModel,
    warehouseId: spec.warehouseId,
    tables: {
      catalog: inference.processedTable.catalog,
      inferenceSchema: inference.processedTable.schema,
      monitoringSchema: monitor.outputSchema.schema,
      tablePrefix: inference.tablePrefix,
    },
    features: spec.features,
    prediction: spec.prediction,
    ...(spec.label === undefined ? {} : { label: spec.label }),
    ...(spec.labels === undefined ? {} : { labels: spec.labels }),
    ...(spec.description === undefined ? {} : { description: spec.description }),
    stack: spec.stack,
    protectData: spec.protectData,
    endpoint: {
      name: endpoint.name,
      servedEntities: endpoint.servedEntities,
      ...sizing,
      workloadType: endpoint.workloadType,
      scaleToZero: endpoint.scaleToZero,
      queryGroups: endpoint.queryGroups,
      tags: endpoint.tags,
      timeoutMinutes: endpoint.timeoutMinutes,
    },
    inference: {
      schedule: inference.schedule,
      lateArrivalHours: inference.lateArrivalHours,
      modelIdSource: inference.modelIdSource,
      failureEmails: monitor.failureEmails,
      adoptExisting: inference.adoptProcessedTable,
      adoptHint: `model-monitoring:models.${spec.name}.inference.adoptProcessedTable: true in Pulumi.${spec.stack}.yaml`,
    },
    monitor: {
      assetsDir: monitor.assetsDir,
      problemType: spec.monitorProblemType,
      granularities: monitor.granularities,
      slicingExprs: monitor.slicingExprs,
      ...(monitor.baselineTable === undefined ? {} : { baselineTable: monitor.baselineTable }),
      customMetrics: monitor.customMetrics,
      schedule: monitor.schedule,
      failureEmails: monitor.failureEmails,
      skipBuiltinDashboard: monitor.skipBuiltinDashboard,
    },
    alerts: {
      thresholds: spec.thresholds,
      dataQuality: spec.dataQuality,
      recipients: alerting.recipients,
      notifyOnOk: alerting.notifyOnOk,
      retriggerMinutes: alerting.retriggerMinutes,
      schedule: alerting.schedule,
      adoptThresholds: alerting.adoptThresholds,
      queryForm: alerting.queryForm,
      thresholdsWarehouseFromConfig: true,
      thresholdsManagedIn: "models/*.yaml and the stack file",
    },
    ...(registered.manage
      ? {
          governRegisteredModel: {
            grants: registered.grants,
            adopt: registered.adopt,
            authoritativeGrants: registered.authoritativeGrants,
            ...(registered.comment === undefined ? {} : { comment: registered.comment }),
            ...(registered.owner === undefined ? {} : { owner: registered.owner }),
          },
        }
      : {}),
    experiment: {
      folder: governance.experiment.folder,
      experimentName: governance.experiment.name,
      permissions: governance.experiment.permissions,
      ...(governance.experiment.adoptId === undefined
        ? {}
        : { adoptId: governance.experiment.adoptId }),
    },
  };
}
