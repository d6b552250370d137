import { BUILT_IN } from "../../core/defaults";
import type { Environment } from "../../core/enums";
import type { EndpointSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { ModelWithDefaults } from "../schema/defaults";
import { originOf, type Layer } from "./layers";
import { resolveServedEntities } from "./served-entities";

/**
 * The serving endpoint: served entities and their traffic, sizing, scale to zero, who may query
 * it. Problems name the layer that set the value: scale to zero in prod, a workload size next to
 * provisioned concurrency, half a concurrency range, or a range upside down.
 */
export function resolveEndpoint(
  settings: Pick<ModelWithDefaults, "endpointName" | "version" | "alias" | "served" | "serving">,
  environment: Environment,
  layers: readonly Layer[],
): { endpoint: EndpointSpec; problems: ConfigProblem[] } {
  const { entities, problems } = resolveServedEntities(settings, layers);
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ ...originOf(layers, path), message });
  const serving = settings.serving;
  const { workloadSize, minProvisionedConcurrency: min, maxProvisionedConcurrency: max } = serving;

  if (environment === "prod" && serving.scaleToZero) {
    problem(
      ["serving", "scaleToZero"],
      "prod endpoints may not scale to zero (cold starts page on-call); set false",
    );
  }
  if (workloadSize !== undefined && (min !== undefined || max !== undefined)) {
    problem(
      ["serving", "workloadSize"],
      "give workloadSize or min/maxProvisionedConcurrency, not both",
    );
  }
  if ((min === undefined) !== (max === undefined)) {
    problem(
      ["serving", min === undefined ? "maxProvisionedConcurrency" : "minProvisionedConcurrency"],
      "give both minProvisionedConcurrency and maxProvisionedConcurrency",
    );
  }
  if (min !== undefined && max !== undefined && min > max) {
    problem(
      ["serving", "minProvisionedConcurrency"],
      `must not exceed maxProvisionedConcurrency (${max})`,
    );
  }

  const endpoint: EndpointSpec = {
    name: settings.endpointName,
    servedEntities: entities,
    workloadType: serving.workloadType,
    scaleToZero: serving.scaleToZero,
    queryGroups: serving.queryGroups,
    tags: serving.tags,
    timeoutMinutes: serving.timeoutMinutes,
  };
  // Exactly one sizing: the size given, else the concurrency range, else Small.
  if (workloadSize !== undefined) endpoint.workloadSize = workloadSize;
  else if (min !== undefined && max !== undefined) {
    endpoint.minProvisionedConcurrency = min;
    endpoint.maxProvisionedConcurrency = max;
  } else endpoint.workloadSize = BUILT_IN.workloadSize;
  return { endpoint, problems };
}
