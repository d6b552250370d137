/**
 * A Pulumi program of its own that monitors one model with the model-monitoring components,
 * declared in TypeScript: no models/*.yaml, no templates, no stack config beyond the provider's.
 */
import * as databricks from "@pulumi/databricks";
import { MonitoredModel } from "model-monitoring";

const warehouse = new databricks.SqlEndpoint("monitoring", {
  clusterSize: "2X-Small",
  autoStopMins: 10,
});

const fraud = new MonitoredModel("fraud", {
  registeredModel: "ml.models.fraud",
  warehouseId: warehouse.id,
  tables: { catalog: "ml", inferenceSchema: "inference", monitoringSchema: "monitoring" },
  features: [
    { name: "amount", type: "double" },
    { name: "merchant_category", type: "string" },
  ],
  prediction: { name: "score", type: "double" },
  endpoint: { servedEntities: [{ name: "champion", version: "3", trafficPercentage: 100 }] },
  inference: { schedule: { cron: "0 15 * * * ?" } },
  monitor: { assetsDir: "/Shared/monitoring/fraud", problemType: "regression" },
  alerts: { recipients: ["ml-oncall@example.com"], schedule: { cron: "0 30 * * * ?" } },
});

export const endpointName = fraud.lineage.endpointName;
export const processedTable = fraud.lineage.processedTable;
export const dashboardId = fraud.lineage.dashboardId;
