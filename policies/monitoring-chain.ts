import { TYPES } from "./resource-types";
import { type PolicySubject, inputAt, isUnknown, listAt, ofType, textAt } from "./subject";

/**
 * Follows the data of one serving endpoint through the stack, by table names, the way the
 * data flows: the endpoint's inference table config names the payload table
 * `<catalog>.<schema>.<prefix>_payload`; the project unpacks it into
 * `<catalog>.<schema>.<prefix>_processed` (config/resolve-model.ts); a quality monitor on
 * that table writes `<output schema>.<table>_profile_metrics` and `_drift_metrics`; alerts
 * read those. Names are compared the way Unity Catalog does: case-insensitively, with or
 * without backticks.
 */

export interface EndpointTables {
  payload: string;
  processed: string;
}

export function normalizeTableName(name: string): string {
  return name.replace(/`/g, "").trim().toLowerCase();
}

/** The endpoint's tables, or undefined when its inference table is off or not fully named. */
export function endpointTables(endpoint: PolicySubject): EndpointTables | undefined {
  const config = inputAt(endpoint.inputs, "aiGateway", "inferenceTableConfig");
  if (inputAt(config, "enabled") !== true) return undefined;
  const catalog = textAt(config, "catalogName");
  const schema = textAt(config, "schemaName");
  const prefix = textAt(config, "tableNamePrefix");
  if (!catalog || !schema || !prefix) return undefined;
  const base = normalizeTableName(`${catalog}.${schema}.${prefix}`);
  return { payload: `${base}_payload`, processed: `${base}_processed` };
}

export function monitorsOn(resources: readonly PolicySubject[], table: string): PolicySubject[] {
  return ofType(resources, TYPES.qualityMonitor).filter((monitor) => {
    const name = textAt(monitor.inputs, "tableName");
    return name !== undefined && normalizeTableName(name) === table;
  });
}

/** The metric tables a monitor writes, named the way Databricks names them. */
export function metricTables(monitor: PolicySubject): string[] {
  const table = textAt(monitor.inputs, "tableName");
  const outputSchema = textAt(monitor.inputs, "outputSchemaName");
  if (!table || !outputSchema) return [];
  const short = normalizeTableName(table).split(".").pop() ?? "";
  const schema = normalizeTableName(outputSchema);
  return [`${schema}.${short}_profile_metrics`, `${schema}.${short}_drift_metrics`];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether SQL text names a table (as a whole dotted name, not a prefix of a longer one). */
export function sqlMentions(sql: string, table: string): boolean {
  const text = normalizeTableName(sql);
  return new RegExp(`(^|[^a-z0-9_.])${escapeRegExp(table)}($|[^a-z0-9_])`).test(text);
}

/** Component ancestors present in the stack, the stack resource itself excluded. */
function componentAncestors(
  resource: PolicySubject,
  byUrn: Map<string, PolicySubject>,
): Set<string> {
  const ancestors = new Set<string>();
  let parent = resource.parentUrn ? byUrn.get(resource.parentUrn) : undefined;
  while (parent && parent.type !== TYPES.stack && !ancestors.has(parent.urn)) {
    ancestors.add(parent.urn);
    parent = parent.parentUrn ? byUrn.get(parent.parentUrn) : undefined;
  }
  return ancestors;
}

export function shareComponent(
  a: PolicySubject,
  b: PolicySubject,
  resources: readonly PolicySubject[],
): boolean {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const ofA = componentAncestors(a, byUrn);
  return [...componentAncestors(b, byUrn)].some((urn) => ofA.has(urn));
}

/**
 * Alerts that watch an endpoint: their query reads one of its tables. An alert whose query
 * is known only after apply cannot be read, so it counts when it sits in the same component
 * (e.g. the model's MonitoredModel) as the endpoint.
 */
export function alertsWatching(
  endpoint: PolicySubject,
  tables: string[],
  resources: readonly PolicySubject[],
): PolicySubject[] {
  return ofType(resources, TYPES.alertV2).filter((alert) => {
    const query = inputAt(alert.inputs, "queryText");
    if (isUnknown(query)) return shareComponent(endpoint, alert, resources);
    // A table name may also come in as a query parameter, e.g. for IDENTIFIER(:table).
    const texts = [
      query,
      ...listAt(alert.inputs, "parameters").map((p) => inputAt(p, "value")),
    ].filter((text): text is string => typeof text === "string");
    return tables.some((table) => texts.some((text) => sqlMentions(text, table)));
  });
}

/** Whether an alert notifies anyone: a subscription with a user e-mail or a destination. */
export function hasSubscriber(alert: PolicySubject): boolean {
  return listAt(alert.inputs, "evaluation", "notification", "subscriptions").some(
    (subscription) => {
      const email = inputAt(subscription, "userEmail");
      const destination = inputAt(subscription, "destinationId");
      // A destination created in the same update has an id known only after apply.
      return [email, destination].some((v) => typeof v === "string" && v.trim() !== "");
    },
  );
}
