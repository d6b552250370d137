import type { GrantSpec, ModelSpec } from "../../config/model-spec";
import { formatTableName } from "../../core/names";
import { alertQueryTables } from "../../core/alert-spec";

/**
 * What a model's plan changes in objects this project did not create: an adopted registered
 * model, experiment, processed table or threshold rows, and grants that revoke what others
 * hold. Each is something a setting turned on (never a default), and the plan says it loudly,
 * per model, with who gains and who would lose access. The plan cannot read the workspace, so
 * who holds privileges today is unknown: it says what the declared resources would remove.
 */

function grantList(grants: readonly GrantSpec[]): string {
  return grants.map((g) => `${g.principal} [${g.privileges.join(", ")}]`).join("; ");
}

function registeredModelTakeovers(spec: ModelSpec): string[] {
  const model = spec.governance.registeredModel;
  if (!model.manage) return [];
  const lines: string[] = [];
  const name = spec.registeredModel;
  if (model.adopt) {
    const owner =
      model.owner === undefined
        ? ""
        : `; its owner becomes ${model.owner} (whoever owns it now loses ownership and the privileges that come with it)`;
    lines.push(
      `adopts the existing registered model ${name} (governance.registeredModel.adopt): Pulumi imports it and sets its comment${model.owner === undefined ? "" : " and owner"}${owner}`,
    );
  }
  if (model.grants.length === 0) return lines;
  if (model.authoritativeGrants) {
    lines.push(
      `AUTHORITATIVE grants on ${name} (governance.registeredModel.authoritativeGrants): gain: ${grantList(model.grants)}. ` +
        "Lose: every other principal loses all its privileges on the model at `pulumi up`, and a listed principal loses any privilege not listed; " +
        "the plan cannot read who holds privileges today, so check the model's current grants first",
    );
  } else if (model.adopt) {
    lines.push(
      `grants on ${name}: gain: ${grantList(model.grants)}. ` +
        "Each listed principal ends with exactly these privileges (any other privilege it holds on the model is revoked); principals not listed keep theirs",
    );
  }
  return lines;
}

function experimentTakeovers(spec: ModelSpec): string[] {
  const experiment = spec.governance.experiment;
  if (experiment.adoptId === undefined) return [];
  const permissions = experiment.permissions.map((p) => `${p.principal} ${p.level}`).join("; ");
  return [
    `adopts the existing experiment ${experiment.adoptId} at ${experiment.name} (governance.experiment.adoptId)` +
      (permissions === ""
        ? ""
        : `; its permissions become exactly: ${permissions}. Every other user, group and service principal loses its access to it (workspace admins keep theirs)`),
  ];
}

function dataTakeovers(spec: ModelSpec): string[] {
  const lines: string[] = [];
  if (spec.inference.adoptProcessedTable)
    lines.push(
      `adopts the existing processed table ${formatTableName(spec.inference.processedTable)} (inference.adoptProcessedTable): Pulumi imports it and manages it from then on`,
    );
  if (spec.alerting.adoptThresholds)
    lines.push(
      `takes over this model's existing rows in ${formatTableName(alertQueryTables(spec).thresholdsTable)} (alerting.adoptThresholds): they are made to match the configuration`,
    );
  return lines;
}

/** The model's takeovers of existing objects and access, one line each; empty when none. */
export function takeoverNotes(spec: ModelSpec): string[] {
  return [...registeredModelTakeovers(spec), ...experimentTakeovers(spec), ...dataTakeovers(spec)];
}
