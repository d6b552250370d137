import { TYPES } from "./resource-types";
import { type PolicySubject, inputAt, isUnknown, listAt, ofType, textAt } from "./subject";
import { metricTableName } from "../core/tables";

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

/**
 * Lookups over one stack's resources, built once per resources array and shared by the rules,
 * so following every endpoint's chain stays linear in the size of the stack (a scan per
 * endpoint made the plan of 500 models take minutes).
 */
interface ChainIndex {
  byUrn: Map<string, PolicySubject>;
  monitorsByTable: Map<string, PolicySubject[]>;
  /** Alerts by every table name their query (or a parameter value) mentions. */
  alertsByMention: Map<string, PolicySubject[]>;
  /** Alerts whose query is known only after apply. */
  alertsWithUnknownQuery: PolicySubject[];
}

const indexes = new WeakMap<readonly PolicySubject[], ChainIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function chainIndex(resources: readonly PolicySubject[]): ChainIndex {
  const cached = indexes.get(resources);
  if (cached) return cached;
  const index: ChainIndex = {
    byUrn: new Map(resources.map((r) => [r.urn, r])),
    monitorsByTable: new Map(),
    alertsByMention: new Map(),
    alertsWithUnknownQuery: [],
  };
  for (const monitor of ofType(resources, TYPES.qualityMonitor)) {
    const name = textAt(monitor.inputs, "tableName");
    if (name !== undefined) push(index.monitorsByTable, normalizeTableName(name), monitor);
  }
  const namesByText = new Map<string, string[]>();
  const namesOf = (text: string): string[] => {
    let names = namesByText.get(text);
    if (names === undefined) namesByText.set(text, (names = mentionedNames(text)));
    return names;
  };
  for (const alert of ofType(resources, TYPES.alertV2)) {
    const query = inputAt(alert.inputs, "queryText");
    if (isUnknown(query)) {
      index.alertsWithUnknownQuery.push(alert);
      continue;
    }
    // A table name may also come in as a query parameter, e.g. for IDENTIFIER(:table).
    const texts = [
      query,
      ...listAt(alert.inputs, "parameters").map((p) => inputAt(p, "value")),
    ].filter((text): text is string => typeof text === "string");
    // The alerts of one model share their query text: read each text once.
    const mentioned = new Set(texts.flatMap((text) => namesOf(text)));
    for (const name of mentioned) push(index.alertsByMention, name, alert);
  }
  indexes.set(resources, index);
  return index;
}

export function monitorsOn(resources: readonly PolicySubject[], table: string): PolicySubject[] {
  return chainIndex(resources).monitorsByTable.get(table) ?? [];
}

/** The metric tables a monitor writes, named the way Databricks names them. */
export function metricTables(monitor: PolicySubject): string[] {
  const table = textAt(monitor.inputs, "tableName");
  const outputSchema = textAt(monitor.inputs, "outputSchemaName");
  if (!table || !outputSchema) return [];
  const short = normalizeTableName(table).split(".").pop() ?? "";
  const schema = normalizeTableName(outputSchema);
  return [
    `${schema}.${metricTableName(short, "profile")}`,
    `${schema}.${metricTableName(short, "drift")}`,
  ];
}

/**
 * Every dotted name SQL text mentions, normalized, with each of its leading parts: `a.b.c.col`
 * yields `a.b.c.col`, `a.b.c`, `a.b` and `a`. So a table counts as mentioned when it appears as
 * a whole name (alone or qualifying a column), never as part of a longer name (`x.a.b.c` or
 * `a.b.c_2` do not mention `a.b.c`). Names may hold `-` (backticked Unity Catalog names).
 */
export function mentionedNames(sql: string): string[] {
  const names: string[] = [];
  for (const token of normalizeTableName(sql).match(/[a-z0-9_.-]+/g) ?? []) {
    const parts = token.split(".");
    if (parts.some((part) => part === "")) continue; // not a name: "x.", ".5", "a..b"
    for (let length = 1; length <= parts.length; length++) {
      names.push(parts.slice(0, length).join("."));
    }
  }
  return names;
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
  const { byUrn } = chainIndex(resources);
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
  const index = chainIndex(resources);
  const found = new Set(tables.flatMap((table) => index.alertsByMention.get(table) ?? []));
  for (const alert of index.alertsWithUnknownQuery) {
    if (shareComponent(endpoint, alert, resources)) found.add(alert);
  }
  // In declaration order, as the resources came.
  return ofType(resources, TYPES.alertV2).filter((alert) => found.has(alert));
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
