import { type Layer, originOf } from "./layers";
import type { ExperimentPermissionSpec, GovernanceSpec, GrantSpec } from "../model-spec";
import { principalKind } from "../principals";
import type { ConfigProblem } from "../problems";
import type { ExperimentPermissionLevel, RegisteredModelPrivilege } from "../schema/governance";

/**
 * Resolves a model's governance for one stack from the merged layers (model file < stack <
 * stack per-model override). Grants and experiment permissions are mappings keyed by
 * principal, so the generic deep merge already combines them principal by principal; an
 * empty privilege list removes a principal an earlier layer granted.
 */

export interface GovernanceContext {
  modelName: string;
  stack: string;
  /** registeredModel from the model file: catalog.schema.name (already validated). */
  registeredModel: string;
  description?: string;
  /** The stack's per-model override: the only layer that may name an existing experiment id. */
  perModelLayer: Layer;
}

interface RawGovernance {
  registeredModel?: {
    manage?: boolean;
    catalog?: string;
    comment?: string;
    owner?: string;
    adopt?: boolean;
    grants?: Record<string, RegisteredModelPrivilege[]>;
  };
  experiment?: {
    root?: string;
    adoptId?: string;
    permissions?: Record<string, ExperimentPermissionLevel>;
  };
}

const byPrincipal = (a: { principal: string }, b: { principal: string }) =>
  a.principal.localeCompare(b.principal);

export function defaultExperimentRoot(stack: string): string {
  return `/Shared/model-monitoring/${stack}/experiments`;
}

export function resolveGovernance(
  merged: Record<string, unknown>,
  layers: readonly Layer[],
  context: GovernanceContext,
): { governance: GovernanceSpec; registeredModel: string; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const raw = (merged.governance ?? {}) as RawGovernance;
  const model = raw.registeredModel ?? {};
  const experiment = raw.experiment ?? {};

  const [fileCatalog = "", schema = "", name = ""] = context.registeredModel.split(".");
  const catalog = model.catalog ?? fileCatalog;

  const grants: GrantSpec[] = Object.entries(model.grants ?? {})
    .filter(([, privileges]) => privileges.length > 0)
    .map(([principal, privileges]) => ({ principal, privileges: [...privileges].sort() }))
    .sort(byPrincipal);

  const permissions: ExperimentPermissionSpec[] = Object.entries(experiment.permissions ?? {})
    .map(([principal, level]) => ({ principal, kind: principalKind(principal), level }))
    .sort(byPrincipal);

  // Experiment ids differ per workspace and per model: only the stack's per-model override
  // can know one. Anywhere else it would make every model import the same experiment.
  for (const layer of layers) {
    if (layer === context.perModelLayer) continue;
    const given = (layer.value.governance as RawGovernance | undefined)?.experiment?.adoptId;
    if (given !== undefined) {
      problems.push({
        ...originOf([layer], ["governance", "experiment", "adoptId"]),
        message: `give an existing experiment's id per model and stack, under model-monitoring:models.${context.modelName}.governance.experiment.adoptId`,
      });
    }
  }

  const folder = `${experiment.root ?? defaultExperimentRoot(context.stack)}/${context.modelName}`;
  const governance: GovernanceSpec = {
    registeredModel: {
      manage: model.manage ?? true,
      catalog,
      schema,
      name,
      adopt: model.adopt ?? false,
      grants,
    },
    experiment: { folder, name: `${folder}/training`, permissions },
  };
  const comment = model.comment ?? context.description;
  if (comment !== undefined) governance.registeredModel.comment = comment;
  if (model.owner !== undefined) governance.registeredModel.owner = model.owner;
  if (experiment.adoptId !== undefined && problems.length === 0)
    governance.experiment.adoptId = experiment.adoptId;
  return { governance, registeredModel: `${catalog}.${schema}.${name}`, problems };
}
