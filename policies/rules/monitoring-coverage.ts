import {
  alertsWatching,
  endpointTables,
  hasSubscriber,
  metricTables,
  monitorsOn,
} from "../monitoring-chain";
import { TYPES } from "../resource-types";
import { type Finding, type PolicyRule, findingOn } from "../rule";
import { type PolicySubject, inputAt, isUnknown, ofType, textAt } from "../subject";

/** Every serving endpoint is watched: requests logged, a monitor, an alert that reaches someone. */

const endpointName = (endpoint: PolicySubject) => textAt(endpoint.inputs, "name") ?? endpoint.name;

export const endpointInferenceTable: PolicyRule = {
  id: "endpoint-inference-table",
  description:
    "Every serving endpoint logs its requests to an AI Gateway inference table named by catalog, schema and table prefix.",
  check(resources) {
    const findings: Finding[] = [];
    for (const endpoint of ofType(resources, TYPES.modelServing)) {
      const config = inputAt(endpoint.inputs, "aiGateway", "inferenceTableConfig");
      const enabled = inputAt(config, "enabled");
      if (isUnknown(enabled)) continue;
      if (enabled !== true) {
        findings.push(
          findingOn(
            endpoint,
            `endpoint ${endpointName(endpoint)} logs no requests: enable aiGateway.inferenceTableConfig ` +
              "(the legacy config.autoCaptureConfig does not count)",
          ),
        );
        continue;
      }
      const missing = ["catalogName", "schemaName", "tableNamePrefix"].filter((key) => {
        const value = inputAt(config, key);
        return !isUnknown(value) && (typeof value !== "string" || value === "");
      });
      if (missing.length > 0) {
        // Without the prefix the payload and processed table names cannot be derived.
        findings.push(
          findingOn(
            endpoint,
            `endpoint ${endpointName(endpoint)}: aiGateway.inferenceTableConfig sets no ${missing.join(", ")}`,
          ),
        );
      }
    }
    return findings;
  },
};

export const endpointMonitor: PolicyRule = {
  id: "endpoint-monitor",
  description:
    "Every serving endpoint has an inference-log quality monitor on its processed table.",
  check(resources) {
    const findings: Finding[] = [];
    for (const endpoint of ofType(resources, TYPES.modelServing)) {
      const tables = endpointTables(endpoint);
      if (!tables) continue; // reported by endpoint-inference-table
      const monitors = monitorsOn(resources, tables.processed);
      if (monitors.length === 0) {
        const onPayload = monitorsOn(resources, tables.payload).length > 0;
        findings.push(
          findingOn(
            endpoint,
            `endpoint ${endpointName(endpoint)} has no quality monitor on its processed table ${tables.processed}` +
              (onPayload
                ? ` (a monitor on ${tables.payload} does not count: that table holds raw JSON)`
                : ""),
          ),
        );
      } else if (!monitors.some((m) => inputAt(m.inputs, "inferenceLog") !== undefined)) {
        findings.push(
          findingOn(
            endpoint,
            `the monitor on ${tables.processed} (endpoint ${endpointName(endpoint)}) has no inferenceLog profile`,
          ),
        );
      }
    }
    return findings;
  },
};

export const endpointAlert: PolicyRule = {
  id: "endpoint-alert",
  description:
    "Every serving endpoint has at least one AlertV2 reading its tables or metrics with a subscriber (user e-mail or notification destination).",
  check(resources) {
    const findings: Finding[] = [];
    for (const endpoint of ofType(resources, TYPES.modelServing)) {
      const tables = endpointTables(endpoint);
      if (!tables) continue; // reported by endpoint-inference-table
      const watched = [
        tables.processed,
        tables.payload,
        ...monitorsOn(resources, tables.processed).flatMap(metricTables),
      ];
      const alerts = alertsWatching(endpoint, watched, resources);
      if (alerts.length === 0) {
        findings.push(
          findingOn(
            endpoint,
            `endpoint ${endpointName(endpoint)} has no AlertV2 whose query reads ${tables.processed} or its monitor's metric tables`,
          ),
        );
      } else if (!alerts.some(hasSubscriber)) {
        findings.push(
          findingOn(
            endpoint,
            `the alerts on endpoint ${endpointName(endpoint)} (${alerts.map((a) => a.name).join(", ")}) notify nobody: ` +
              "add evaluation.notification.subscriptions with a userEmail or destinationId",
          ),
        );
      }
    }
    return findings;
  },
};
