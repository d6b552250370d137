import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { SERVED_ENTITIES_TABLE } from "../../../sql/served-entities";
import { fail, pass, skipped } from "./check-result";
import type { WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";

/**
 * processing-job: what the processing job needs beyond the tables the other checks cover.
 * With `inference.modelIdSource: system_table` it reads system.serving.served_entities, which
 * only account admins may read unless granted (sql/served-entities.ts): one SELECT … LIMIT 0 of
 * the columns it reads, as the identity the job runs as (its owner: whoever runs pulumi up).
 */
export function checkProcessingJob(
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const users = specs
    .filter((s) => s.inference.modelIdSource === "system_table")
    .map((s) => s.name);
  const table = formatTableName(SERVED_ENTITIES_TABLE);
  const line = (detail: string) => ({
    check: "processing-job" as const,
    subject: `table ${table}`,
    detail,
    source: "sql" as const,
  });
  if (users.length === 0) {
    return [
      pass({
        ...line("no model reads it (model ids come from the payload's served_entity_id)"),
        source: "config",
      }),
    ];
  }
  const who = `read by the processing job of ${users.join(", ")}`;
  const probe = facts.probe;
  if (probe === undefined || !probe.systemTable) {
    return [skipped(line(`${who}: not checked, the warehouse cannot be used`))];
  }
  if (probe.result.kind === "ok") return [pass(line(`${who}: readable with the columns it reads`))];
  if (probe.result.kind === "refused") {
    return [skipped(line(`${who}: not checked, the warehouse refused the identity`))];
  }
  const principal = facts.identity.userName;
  return [
    fail(
      line(`${who}: ${probe.result.message}`),
      "An account or metastore admin enables the serving system schema and grants: " +
        `GRANT USE CATALOG ON CATALOG system TO \`${principal}\`; ` +
        `GRANT USE SCHEMA ON SCHEMA system.serving TO \`${principal}\`; ` +
        `GRANT SELECT ON TABLE ${table} TO \`${principal}\`. Or use modelIdSource served_entity_id.`,
    ),
  ];
}
