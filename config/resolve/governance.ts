import { type Layer, originOf } from "./layers";
import type { ExperimentPermissionSpec, GovernanceSpec, GrantSpec } from "../model-spec";
import { principalKind } from "../principals";
import type { ConfigProblem } from "../problems";
import type { ModelWithDefaults } from "../schema/defaults";

/**
 * Resolves a model's governance for one stack from the merged layers (model file < stack <
 * stack per-model override). Grants and experiment permissions are mappings keyed by
 * principal, so the generic deep merge already combines them principal by principal; an
 * empty privilege list removes a principal an earlier layer granted.
 */

export interface GovernanceContext {
  modelName: string;
  /** registeredModel from the model file: catalog.schema.name (already validated). */
  registeredModel: string;
  /** The stack's per-model override: the only layer that may name an existing experiment id. */
  perModelLayer: Layer;
}

const byPrincipal = (a: { principal: string }, b: { principal: string }) =>
  a.principal.localeCompare(b.principal);

/**
 * The model's governance from its merged settings (defaults included): the registered model in
 * the stack's catalog, grants and experiment permissions sorted by principal, an empty privilege
 * list removing a principal an earlier layer granted.
 */
export function resolveGovernance(
  governance: ModelWithDefaults["governance"],
  layers: readonly Layer[],
  context: GovernanceContext,
): { governance: GovernanceSpec; registeredModel: string; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const model = governance.registeredModel;
  const experiment = governance.experiment;
  const [, schema = "", name = ""] = context.registeredModel.split(".");
  const catalog = model.catalog;

  const grants: GrantSpec[] = Object.entries(model.grants)
    .filter(([, privileges]) => privileges.length > 0)
    .map(([principal, privileges]) => ({ principal, privileges: [...privileges].sort() }))
    .sort(byPrincipal);

  const permissions: ExperimentPermissionSpec[] = Object.entries(experiment.permissions)
    .map(([principal, level]) => ({ principal, kind: principalKind(principal), level }))
    .sort(byPrincipal);

  // Experiment ids differ per workspace and per model: only the stack's per-model override
  // can know one. Anywhere else it would make every model import the same experiment.
  for (const layer of layers) {
    if (layer === context.perModelLayer) continue;
    if (layer.value.governance?.experiment?.adoptId !== undefined) {
      problems.push({
        ...originOf([layer], ["governance", "experiment", "adoptId"]),
        message: `give an existing experiment's id per model and stack, under model-monitoring:models.${context.modelName}.governance.experiment.adoptId`,
      });
    }
  }

  const folder = `${experiment.root}/${context.modelName}`;
  const resolved: GovernanceSpec = {
    registeredModel: {
      manage: model.manage,
      catalog,
      schema,
      name,
      adopt: model.adopt,
      authoritativeGrants: model.authoritativeGrants,
      grants,
    },
    experiment: { folder, name: `${folder}/training`, permissions },
  };
  if (model.comment !== undefined) resolved.registeredModel.comment = model.comment;
  if (model.owner !== undefined) resolved.registeredModel.owner = model.owner;
  if (experiment.adoptId !== undefined && problems.length === 0)
    resolved.experiment.adoptId = experiment.adoptId;
  return { governance: resolved, registeredModel: `${catalog}.${schema}.${name}`, problems };
}
