import { type Layer, originOf } from "./layers";
import type { ServedEntitySpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { ModelWithDefaults } from "../schema/defaults";

/**
 * Resolves which registered-model versions the endpoint serves. The shorthand
 * `version`/`alias` serves one entity named "champion" with all traffic; `served` lists
 * several (champion/challenger) with their traffic split, which must add up to 100.
 */
export function resolveServedEntities(
  settings: Pick<ModelWithDefaults, "version" | "alias" | "served">,
  layers: readonly Layer[],
): { entities: ServedEntitySpec[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ ...originOf(layers, path), message });
  const { version, alias, served } = settings;

  if (served && (version || alias)) {
    problem(["served"], "give either served or version/alias, not both");
  }
  if (version && alias) {
    problem(["alias"], "give either version or alias, not both");
  }
  if (served) {
    const names = new Set<string>();
    served.forEach((entity, index) => {
      if (names.has(entity.name))
        problem(["served", index, "name"], `duplicate served entity name "${entity.name}"`);
      names.add(entity.name);
      if ((entity.version === undefined) === (entity.alias === undefined)) {
        problem(["served", index], "give exactly one of version or alias");
      }
    });
    const total = served.reduce((sum, entity) => sum + entity.trafficPercentage, 0);
    if (total !== 100) {
      problem(["served"], `traffic percentages must add up to 100, got ${total}`);
    }
    return { entities: served.map((entity) => ({ ...entity })), problems };
  }
  if (!version && !alias) {
    // No layer gives one: reported on the model file (models/...), where a version belongs.
    const modelFile = layers.find((layer) => layer.file.startsWith("models/"));
    problems.push({
      ...originOf(modelFile ? [modelFile] : layers, ["version"]),
      message: "give the served model version (version), alias (alias) or a served list",
    });
    return { entities: [], problems };
  }
  const champion: ServedEntitySpec = { name: "champion", trafficPercentage: 100 };
  if (version) champion.version = version;
  else if (alias) champion.alias = alias;
  return { entities: [champion], problems };
}
