import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName, tryParseTableName } from "../../../core/names";
import type { TableName } from "../../../core/types";
import { alertQueryTables } from "../../../core/alert-spec";

/**
 * The Unity Catalog privileges `pulumi up` and the deployed chain need, in ONE place, each with
 * what needs it and the source that says so. The privileges check (check-privileges.ts) asks
 * Unity Catalog whether the deploying identity holds them; the processing job and the alerts
 * run as that identity too (the job's and the alerts' owner is whoever ran `pulumi up`).
 *
 * Held means: granted to the identity or one of its groups, on the object or inherited from its
 * schema or catalog (effective permissions), or the identity (or a group of it) owns the object
 * or a schema or catalog above it ("Object owners have all privileges on that object",
 * https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/).
 * UNCONFIRMED: that owning a container conveys SELECT and MODIFY on what is in it (the docs say
 * its owner may manage the children), and that ALL_PRIVILEGES covers everything but MANAGE.
 */

export type Privilege =
  | "USE_CATALOG"
  | "USE_SCHEMA"
  | "CREATE_TABLE"
  | "CREATE_MODEL"
  | "SELECT"
  | "MODIFY"
  | "EXECUTE"
  | "MANAGE";

/** As the effective-permissions path names them (lower case, registered models are functions). */
export type SecurableType = "catalog" | "schema" | "table" | "function";

export interface Securable {
  type: SecurableType;
  /** Lower case, as Unity Catalog matches names. */
  fullName: string;
}

export interface PrivilegeRule {
  privileges: readonly Privilege[];
  on: string;
  for: string;
  source: string;
}

const PRIVILEGES_DOC =
  "https://docs.databricks.com/aws/en/data-governance/unity-catalog/manage-privileges/privileges";
const MODEL_PRIVILEGES_DOC =
  "https://docs.databricks.com/aws/en/machine-learning/manage-model-lifecycle/upgrade-workflows (Required privileges)";

export const PRIVILEGE_RULES = {
  useContainers: {
    privileges: ["USE_CATALOG", "USE_SCHEMA"],
    on: "the catalog and schema of every object below",
    for: "reaching anything in them",
    source: PRIVILEGES_DOC,
  },
  processedTable: {
    privileges: ["CREATE_TABLE"],
    on: "the processed table's schema (until the table exists)",
    for: "databricks.SqlTable creates <prefix>_processed with CREATE TABLE on the warehouse",
    source: `${PRIVILEGES_DOC}; terraform-provider-databricks catalog/resource_sql_table.go`,
  },
  processedTableWrite: {
    privileges: ["SELECT", "MODIFY"],
    on: "the processed table, once it exists",
    for: "the processing job's MERGE (the job runs as its owner, who ran pulumi up)",
    source: "sql/processed-table-refresh.ts",
  },
  payloadTable: {
    privileges: ["CREATE_TABLE"],
    on: "the payload table's schema",
    for: "the endpoint's AI Gateway inference table: Databricks creates <prefix>_payload for the endpoint's creator",
    source: "https://docs.databricks.com/aws/en/ai-gateway/inference-tables (Requirements)",
  },
  payloadRead: {
    privileges: ["SELECT"],
    on: "the payload table, once it exists",
    for: "the processing job reads it",
    source: "sql/processed-table-refresh.ts",
  },
  labelsRead: {
    privileges: ["SELECT"],
    on: "the labels table",
    for: "the processing job joins the labels",
    source: "sql/processed-table-refresh.ts (label_values)",
  },
  baselineRead: {
    privileges: ["SELECT"],
    on: "the monitor's baseline table",
    for: "the monitor reads it (UNCONFIRMED with whose privileges; the monitor's creator's is assumed)",
    source: "databricks-sdk-py catalog.py QualityMonitorsAPI.create baseline_table_name",
  },
  monitorOutput: {
    privileges: ["CREATE_TABLE"],
    on: "the monitor's output schema",
    for: "the monitor writes <table>_profile_metrics and _drift_metrics there (UNCONFIRMED: no document names the privilege)",
    source: "https://docs.databricks.com/aws/en/lakehouse-monitoring/monitor-output",
  },
  thresholdsTable: {
    privileges: ["CREATE_TABLE"],
    on: "the monitoring schema (until drift_thresholds exists)",
    for: "DriftThresholds runs CREATE TABLE IF NOT EXISTS drift_thresholds",
    source: "sql/thresholds-table.ts createThresholdsTableSql",
  },
  thresholdsWrite: {
    privileges: ["SELECT", "MODIFY"],
    on: "drift_thresholds, once it exists",
    for: "DriftThresholds writes and reads rows; the alerts read them",
    source: "sql/thresholds-table.ts",
  },
  metricTablesRead: {
    privileges: ["SELECT"],
    on: "the metric tables, once they exist",
    for: "the alert queries (run as their owner) and analyze-drift read them",
    source: "sql/alert-queries.ts",
  },
  servedModel: {
    privileges: ["EXECUTE"],
    on: "each served registered model",
    for: "serving a Unity Catalog model version (to load or deploy a model)",
    source: MODEL_PRIVILEGES_DOC,
  },
  modelCreate: {
    privileges: ["CREATE_MODEL"],
    on: "the registered model's schema, when governance creates the model",
    for: "databricks.RegisteredModel creates it",
    source: MODEL_PRIVILEGES_DOC,
  },
  modelGrants: {
    privileges: ["MANAGE"],
    on: "the registered model, when governance sets its grants or owner",
    for: "databricks.Grants (authoritative) and the owner change: owner or MANAGE",
    source:
      "https://docs.databricks.com/aws/en/sql/language-manual/sql-ref-privileges (managing privileges needs ownership or MANAGE)",
  },
} as const satisfies Record<string, PrivilegeRule>;

export type RuleId = keyof typeof PRIVILEGE_RULES;

/** What one securable needs: each privilege with the rules and models that need it. */
export interface SecurableNeed {
  securable: Securable;
  privileges: Map<Privilege, Set<string>>;
}

/** What the rules depend on in the workspace: which objects exist already. */
export interface ExistingObjects {
  table(name: TableName): boolean;
  registeredModel(fullName: string): boolean;
}

export function securableKey(securable: Securable): string {
  return `${securable.type}:${securable.fullName}`;
}

/** Every securable the stack's models need privileges on, with why. */
export function requiredPrivileges(
  specs: readonly ModelSpec[],
  existing: ExistingObjects,
): SecurableNeed[] {
  const needs = new Map<string, SecurableNeed>();
  const need = (securable: Securable, rule: RuleId, model: string) => {
    const key = securableKey(securable);
    const entry = needs.get(key) ?? { securable, privileges: new Map() };
    for (const privilege of PRIVILEGE_RULES[rule].privileges) {
      const reasons = entry.privileges.get(privilege) ?? new Set<string>();
      reasons.add(`${rule}:${model}`);
      entry.privileges.set(privilege, reasons);
    }
    needs.set(key, entry);
    // Everything below a catalog needs USE CATALOG, everything in a schema USE SCHEMA.
    const [catalog, schema] = securable.fullName.split(".");
    if (securable.type !== "catalog") {
      needUse({ type: "catalog", fullName: catalog ?? "" }, "USE_CATALOG", model);
    }
    if (securable.type === "table" || securable.type === "function") {
      needUse({ type: "schema", fullName: `${catalog}.${schema}` }, "USE_SCHEMA", model);
    }
    if (securable.type === "schema") needUse(securable, "USE_SCHEMA", model);
  };
  const needUse = (securable: Securable, privilege: Privilege, model: string) => {
    const key = securableKey(securable);
    const entry = needs.get(key) ?? { securable, privileges: new Map() };
    const reasons = entry.privileges.get(privilege) ?? new Set<string>();
    reasons.add(`useContainers:${model}`);
    entry.privileges.set(privilege, reasons);
    needs.set(key, entry);
  };
  const table = (name: TableName): Securable => ({
    type: "table",
    fullName: formatTableName(name).toLowerCase(),
  });
  const schemaOf = (name: { catalog: string; schema: string }): Securable => ({
    type: "schema",
    fullName: `${name.catalog}.${name.schema}`.toLowerCase(),
  });

  for (const spec of specs) {
    const model = spec.name;
    const { processedTable, payloadTable } = spec.inference;
    if (existing.table(processedTable)) need(table(processedTable), "processedTableWrite", model);
    else need(schemaOf(processedTable), "processedTable", model);
    need(schemaOf(payloadTable), "payloadTable", model);
    if (existing.table(payloadTable)) need(table(payloadTable), "payloadRead", model);
    if (spec.labels !== undefined) need(table(spec.labels.table), "labelsRead", model);
    const baseline = tryParseTableName(spec.monitor.baselineTable ?? "");
    if (baseline.ok) need(table(baseline.value), "baselineRead", model);
    need(schemaOf(spec.monitor.outputSchema), "monitorOutput", model);

    const tables = alertQueryTables(spec);
    if (existing.table(tables.thresholdsTable))
      need(table(tables.thresholdsTable), "thresholdsWrite", model);
    else need(schemaOf(tables.thresholdsTable), "thresholdsTable", model);
    for (const metrics of [tables.profileMetricsTable, tables.driftMetricsTable]) {
      if (existing.table(metrics)) need(table(metrics), "metricTablesRead", model);
    }

    const registered = tryParseTableName(spec.registeredModel);
    if (!registered.ok) continue;
    const modelSecurable: Securable = {
      type: "function",
      fullName: formatTableName(registered.value).toLowerCase(),
    };
    const governance = spec.governance.registeredModel;
    const exists = existing.registeredModel(modelSecurable.fullName);
    if (exists) need(modelSecurable, "servedModel", model);
    if (governance.manage && !exists) need(schemaOf(registered.value), "modelCreate", model);
    if (governance.manage && exists && (governance.grants.length > 0 || governance.owner)) {
      need(modelSecurable, "modelGrants", model);
    }
  }
  return [...needs.values()];
}

/** "the processing job's MERGE (...) (models a, b)" for each rule behind a privilege. */
export function describeReasons(reasons: ReadonlySet<string>): string[] {
  const byRule = new Map<RuleId, string[]>();
  for (const reason of reasons) {
    const [rule, model] = reason.split(":") as [RuleId, string];
    byRule.set(rule, [...(byRule.get(rule) ?? []), model]);
  }
  return [...byRule].map(([rule, models]) => {
    const list = [...new Set(models)].sort();
    const who = list.length > 3 ? `${list.length} models` : list.join(", ");
    return `${PRIVILEGE_RULES[rule].for} (${who})`;
  });
}
