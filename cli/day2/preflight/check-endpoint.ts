import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { fail, pass, unknown } from "./check-result";
import { endpointState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";

/**
 * endpoint: where an existing endpoint of the model's name logs. Databricks refuses to change an
 * endpoint's inference-table catalog, schema or prefix while logging is on, so an `up` that
 * moves it fails; the README's "Moving a payload table" is the manual step. An endpoint with
 * logging off is turned on where the configuration says.
 */
export function checkEndpoint(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck {
  const name = spec.endpoint.name;
  const payload = spec.inference.payloadTable;
  const planned = formatTableName(payload);
  const line = (detail: string) => ({
    check: "endpoint" as const,
    model: spec.name,
    subject: `endpoint ${name}`,
    detail,
    source: "rest" as const,
  });
  if (facts.endpoints.kind !== "found") {
    return unknown(line(`the endpoint list cannot be read: ${describe(facts.endpoints)}`));
  }
  const endpoint = endpointState(facts, name);
  if (endpoint === undefined)
    return pass(line(`does not exist yet: pulumi up creates it, logging to ${planned}`));
  const detail = facts.endpointDetails.get(name);
  if (detail !== undefined && detail.kind !== "found") {
    return unknown(line(`exists, but cannot be read: ${describe(detail)}`));
  }
  const config = endpoint.ai_gateway?.inference_table_config;
  if (config?.enabled !== true) {
    return pass(
      line(`exists without an inference table: pulumi up turns it on, logging to ${planned}`),
    );
  }
  const prefix = config.table_name_prefix ?? name;
  const logs = `${config.catalog_name}.${config.schema_name}.${prefix}_payload`;
  if (logs.toLowerCase() === planned.toLowerCase())
    return pass(line(`exists and logs to ${planned}`));
  return fail(
    line(
      `logs to ${logs}, the configuration says ${planned}: Databricks refuses to move it while logging is on`,
    ),
    "Follow the README's \"Moving a payload table\": turn the endpoint's inference table off (Serving → endpoint → Edit AI Gateway), then run pulumi up.",
  );
}

function describe(lookup: { kind: string; message?: string }): string {
  return lookup.kind === "refused" ? (lookup.message ?? "refused") : "not found";
}
