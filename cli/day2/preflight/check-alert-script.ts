import type { ModelSpec } from "../../../config/model-spec";
import { fail, pass, skipped } from "./check-result";
import type { WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";

/**
 * alert-script: the alerts of `alerting.queryForm: script` (the default) hold a Databricks SQL
 * script (sql/alert-queries.ts). A warehouse on a Databricks SQL version without SQL scripting
 * refuses it, and every evaluation of those alerts would end in ERROR. The probe runs a script
 * built the same way (BEGIN, IF over information_schema.tables, a SELECT) as the identity that
 * owns the alerts. UNCONFIRMED that an AlertV2 evaluation runs scripts exactly as a statement
 * does: this shows the warehouse can.
 */
export function checkAlertScript(
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const users = specs.filter((s) => s.alerting.queryForm === "script").map((s) => s.name);
  const line = (detail: string) => ({
    check: "alert-script" as const,
    subject: `warehouse ${facts.warehouseId}`,
    detail,
    source: "sql" as const,
  });
  if (users.length === 0) {
    return [
      pass({
        ...line("no alert holds a script (alerting.queryForm: statement)"),
        source: "config",
      }),
    ];
  }
  const who = `the alerts of ${users.join(", ")}`;
  const probe = facts.scriptProbe;
  if (probe === undefined) {
    return [skipped(line(`${who}: not checked, the warehouse cannot be used`))];
  }
  if (probe.result.kind === "refused") {
    return [skipped(line(`${who}: not checked, the warehouse refused the identity`))];
  }
  if (probe.result.kind === "ok") {
    return [
      pass(
        line(
          `${who}: runs SQL scripts and reads information_schema of ${probe.schemas.join(", ")}`,
        ),
      ),
    ];
  }
  const message = probe.result.message;
  // The probe's text is fixed and valid SQL scripting, so a syntax error can only mean the
  // warehouse does not parse scripts (UNCONFIRMED how an older one words it: the class, not the
  // message, decides). Anything else (a catalog it cannot see, a privilege) is reported as is.
  if (!/\bPARSE_SYNTAX_ERROR\b/.test(message)) {
    return [
      fail(
        line(`${who}: a script like theirs failed: ${message}`),
        "The alerts would fail the same way: grant the identity USE CATALOG on the output " +
          "catalog (it reads its information_schema), or fix what the error names.",
      ),
    ];
  }
  return [
    fail(
      line(`${who}: this warehouse does not run SQL scripts: ${message}`),
      "Use a warehouse whose Databricks SQL version runs SQL scripting (Databricks SQL " +
        "scripting, BEGIN ... END), or set model-monitoring alerting.queryForm: statement " +
        "(its alerts end in ERROR until the monitor's first refresh writes the metric tables).",
    ),
  ];
}
