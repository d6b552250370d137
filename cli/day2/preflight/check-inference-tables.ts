import { processedTableSpecOf } from "../../../core/processed-table-spec";
import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { processedTableColumns } from "../../../sql/processed-table-columns";
import {
  compareColumns,
  describeMismatch,
  matches,
  payloadColumnsComparison,
} from "../validate/column-checks";
import { fail, pass, unknown, warn } from "./check-result";
import { tableState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";

/**
 * inference-tables: existing payload and processed tables against the plan, from the inference
 * schema's table list. The payload table is Databricks' own: it must have the columns the
 * processing reads (a legacy auto_capture table does not). The processed table must have the
 * planned types: the provider refuses to change an existing column's type
 * (terraform-provider-databricks catalog/resource_sql_table.go: "changing the 'type' of an
 * existing column is not supported"), so the `up` fails; columns only in the plan are added.
 */
export function checkInferenceTables(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck[] {
  return [payload(facts, spec), processed(facts, spec)];
}

function lineFor(spec: ModelSpec, name: string) {
  return (detail: string) => ({
    check: "inference-tables" as const,
    model: spec.name,
    subject: `table ${name}`,
    detail,
    source: "rest" as const,
  });
}

function payload(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck {
  const name = formatTableName(spec.inference.payloadTable);
  const line = lineFor(spec, name);
  const state = tableState(facts, spec.inference.payloadTable);
  if (state.kind === "missing")
    return pass(line("not yet: Databricks creates it for the endpoint"));
  if (state.kind === "invisible") {
    return warn(line(`exists, but ${facts.identity.userName} may not read it`));
  }
  if (state.kind === "unknown") return unknown(line(`cannot be read: ${state.message}`));
  const comparison = payloadColumnsComparison(state.table);
  if (matches(comparison)) return pass(line("exists with the columns the processing reads"));
  const legacy = (state.table.columns ?? []).some((c) => c.name === "timestamp_ms");
  return fail(
    line(`${describeMismatch(comparison)}${legacy ? " (a legacy auto_capture_config table)" : ""}`),
    'Log through the AI Gateway inference table into another prefix (inference.tablePrefix), or drop this table; see the README\'s "Moving a payload table".',
  );
}

function processed(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck {
  const name = formatTableName(spec.inference.processedTable);
  const line = lineFor(spec, name);
  const state = tableState(facts, spec.inference.processedTable);
  if (state.kind === "missing") return pass(line("not yet: pulumi up creates it"));
  if (state.kind === "invisible") {
    return warn(line(`exists, but ${facts.identity.userName} may not read it`));
  }
  if (state.kind === "unknown") return unknown(line(`cannot be read: ${state.message}`));
  const planned = processedTableColumns(processedTableSpecOf(spec));
  const comparison = compareColumns(state.table, planned);
  const extra =
    comparison.extra.length > 0 ? `; not in the plan: ${comparison.extra.join(", ")}` : "";
  if (comparison.wrongType.length > 0) {
    return fail(
      line(`${describeMismatch({ ...comparison, missing: [] })}${extra}`),
      `The provider cannot change a column's type: align models/${spec.name}.yaml with the table, or migrate the table's data and drop it.`,
    );
  }
  if (!matches(comparison)) {
    return warn(line(`pulumi up adds ${comparison.missing.join(", ")}${extra}`));
  }
  return extra === ""
    ? pass(line(`exists with the ${planned.length} planned columns`))
    : warn(line(`exists with the planned columns${extra}`));
}
