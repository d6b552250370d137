import type { ModelSpec } from "../../../config/model-spec";
import { fail, pass, unknown } from "./check-result";
import { endpointState, lower, registeredModelState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";
import { parsed } from "./read-catalog";

/**
 * registered-model: per model, the served registered model exists, each served version exists
 * and is READY (a version the model's existing endpoint serves already counts as such), and each
 * alias resolves. An endpoint serving a missing version ends its config update UPDATE_FAILED.
 */
export function checkRegisteredModel(facts: WorkspaceFacts, spec: ModelSpec): PreflightCheck {
  const line = (detail: string) => ({
    check: "registered-model" as const,
    model: spec.name,
    subject: `registered model ${spec.registeredModel}`,
    detail,
    source: "rest" as const,
  });
  const name = parsed(spec.registeredModel);
  if (name === undefined) return unknown(line("not a three-part name"));
  const state = registeredModelState(facts, name);
  if (state.kind === "unknown") return unknown(line(`cannot be read: ${state.message}`));
  if (state.kind === "missing") {
    return fail(
      line("does not exist (or the identity may not see it: owner or EXECUTE needed)"),
      `Register the model's versions first (training), grant EXECUTE on it, or fix registeredModel in models/${spec.name}.yaml.`,
    );
  }
  const served = endpointState(facts, spec.endpoint.name)?.config?.served_entities ?? [];
  const key = lower(spec.registeredModel);
  const problems: string[] = [];
  const unknowns: string[] = [];
  const fine: string[] = [];
  for (const entity of spec.endpoint.servedEntities) {
    if (entity.alias !== undefined) {
      const aliases = facts.modelAliases.get(key);
      if (aliases?.kind !== "found") {
        unknowns.push(`alias ${entity.alias}: aliases not readable`);
        continue;
      }
      const alias = (aliases.value.aliases ?? []).find((a) => a.alias_name === entity.alias);
      if (alias === undefined) problems.push(`alias ${entity.alias} does not exist`);
      else fine.push(`alias ${entity.alias} → version ${String(alias.version_num)}`);
      continue;
    }
    const version = entity.version ?? "";
    if (
      served.some((s) => lower(s.entity_name ?? "") === key && String(s.entity_version) === version)
    ) {
      fine.push(`version ${version} (served already)`);
      continue;
    }
    const versions = facts.modelVersions.get(key);
    if (versions?.kind !== "found") {
      unknowns.push(`version ${version}: versions not readable`);
      continue;
    }
    const found = versions.value.find((v) => String(v.version) === version);
    if (found === undefined) problems.push(`version ${version} does not exist`);
    else if ((found.status ?? "READY") !== "READY")
      problems.push(`version ${version} is ${found.status}`);
    else fine.push(`version ${version} READY`);
  }
  const all = [...problems, ...unknowns, ...fine].join("; ");
  if (problems.length > 0) {
    return fail(
      line(all),
      `Register the version or set the alias (MLflow), or serve another in models/${spec.name}.yaml or the stack's models.${spec.name}.`,
    );
  }
  return unknowns.length > 0 ? unknown(line(all)) : pass(line(all));
}
