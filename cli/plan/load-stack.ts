import { loadProject } from "../../config/load-project";
import type { ModelSpec } from "../../config/model-spec";
import type { Layer } from "../../config/resolve/layers";
import { type ConfigProblem, ConfigError } from "../../config/problems";
import { projectConfigFrom } from "../../config/pulumi-config";
import { type StackConfig, readStackConfig } from "./stack-file";

/**
 * A stack's file and its models, read the way the Pulumi program reads them, with every problem
 * of both in one list: what Pulumi itself would refuse in the stack file (declared types,
 * missing keys, plain-text secrets) next to what the program refuses in the stack, template and
 * model files. A key the stack file already has a problem with is not reported again.
 */
export interface LoadedStack {
  file: StackConfig;
  /** Undefined when there is any problem. */
  models?: ModelSpec[];
  /** Each model's layers, for the plan's origin of each setting. */
  layers?: Map<string, Layer[]>;
  problems: ConfigProblem[];
}

export function loadStack(root: string, stack: string): LoadedStack {
  const file = readStackConfig(root, stack);
  // Without the stack file's keys every required key would be reported missing: not again.
  if (!file.read) return { file, problems: file.problems };
  try {
    const { models, layers } = loadProject({
      root,
      stack,
      stackConfig: projectConfigFrom(file.config),
    });
    return file.problems.length === 0
      ? { file, models, layers, problems: [] }
      : { file, problems: file.problems };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const seen = new Set(file.problems.map((p) => `${p.file}\u0000${p.path}`));
    const more = error.problems.filter((p) => !seen.has(`${p.file}\u0000${p.path}`));
    return { file, problems: [...file.problems, ...more] };
  }
}
