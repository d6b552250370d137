import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { aliasName } from "../../config/schema/governance";
import { modelFile } from "../../config/schema/model";
import { threeLevelName } from "../../config/schema/primitives";
import { formatProblem } from "../../config/problems";
import { projectRoot } from "../../config/project-root";
import { PROBLEM_TYPES, type ProblemType } from "../../core/enums";
import { MODEL_NAME_RULE, isModelName } from "../../core/names";
import type { Day2Io } from "../day2/io";
import { EXIT } from "../day2/exit-codes";
import { loadStack } from "../plan/load-stack";
import { listStacks } from "../plan/stack-file";
import {
  featuresFromFlag,
  featuresFromSample,
  parseColumn,
  type ColumnsResult,
  type NewColumn,
} from "../new-model/columns";
import { renderModelFile, type NewModel } from "../new-model/render";

/**
 * `new-model`: checks every argument (all problems at once, each naming its flag and what is
 * allowed), writes models/<name>.yaml, then loads the project for every stack and keeps the
 * file only when it adds no configuration problem there: the file it leaves passes the plan.
 */

export interface NewModelOptions {
  template?: string;
  registeredModel?: string;
  version?: string;
  alias?: string;
  features?: string;
  sample?: string;
  prediction?: string;
  root?: string;
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.success ? undefined : result.error?.issues[0]?.message;
}

/** The model described by the arguments, or every problem with them. */
export function modelFromArguments(
  name: string,
  options: NewModelOptions,
): { model?: NewModel; problems: string[]; notes: string[] } {
  const problems: string[] = [];
  const notes: string[] = [];
  if (!isModelName(name)) {
    problems.push(
      `<name>: "${name}" must be ${MODEL_NAME_RULE} (it names the file and the endpoint)`,
    );
  }
  const template = options.template;
  if (template === undefined) {
    problems.push(`--template is required: one of ${PROBLEM_TYPES.join(", ")}`);
  } else if (!(PROBLEM_TYPES as readonly string[]).includes(template)) {
    problems.push(`--template "${template}" is not a template; one of ${PROBLEM_TYPES.join(", ")}`);
  }
  if (options.registeredModel === undefined) {
    problems.push("--registered-model is required: the Unity Catalog model catalog.schema.model");
  } else {
    const issue = firstIssue(threeLevelName.safeParse(options.registeredModel));
    if (issue) problems.push(`--registered-model "${options.registeredModel}" ${issue}`);
  }
  if ((options.version === undefined) === (options.alias === undefined)) {
    problems.push(
      "give exactly one of --version <n> (a registered model version, e.g. 3) and --alias <name> (e.g. champion)",
    );
  } else if (options.version !== undefined && !/^[1-9][0-9]*$/.test(options.version)) {
    problems.push(`--version "${options.version}" must be a model version number such as 3`);
  } else if (options.alias !== undefined) {
    const issue = firstIssue(aliasName.safeParse(options.alias));
    if (issue) problems.push(`--alias "${options.alias}" ${issue}`);
  }

  let features: ColumnsResult = { columns: [], problems: [], guessed: [] };
  if ((options.features === undefined) === (options.sample === undefined)) {
    problems.push(
      "give exactly one of --features name:type,... and --sample <file> (.csv header or .json request)",
    );
  } else {
    features =
      options.features !== undefined
        ? featuresFromFlag(options.features)
        : featuresFromSample(options.sample as string);
    problems.push(...features.problems);
    if (features.guessed.length > 0) {
      notes.push(
        `the sample shows no value for ${features.guessed.join(", ")}: written as string, check the types`,
      );
    }
  }
  const seen = new Set<string>();
  for (const column of features.columns) {
    if (seen.has(column.name)) problems.push(`--features: column "${column.name}" is given twice`);
    seen.add(column.name);
  }

  const defaultPrediction =
    template === "classification" ? "prediction:int:categorical" : "prediction:double";
  const prediction = parseColumn("--prediction", options.prediction ?? defaultPrediction);
  problems.push(...prediction.problems);
  let columns: NewColumn[] = features.columns;
  if (prediction.column && seen.has(prediction.column.name)) {
    // A sample request often carries the prediction too: it is not an input.
    columns = columns.filter((c) => c.name !== prediction.column?.name);
    notes.push(`${prediction.column.name} is the prediction column, so it is not a feature`);
    if (columns.length === 0) problems.push("no feature columns are left besides the prediction");
  }
  if (problems.length > 0 || !prediction.column) return { problems, notes };
  return {
    model: {
      name,
      template: template as ProblemType,
      registeredModel: options.registeredModel as string,
      served:
        options.version !== undefined
          ? { version: options.version }
          : { alias: options.alias as string },
      features: columns,
      prediction: prediction.column,
    },
    problems,
    notes,
  };
}

/** Every configuration problem of every stack, as text (an unreadable stack is one problem). */
function stackProblems(root: string): Map<string, string[]> {
  return new Map(
    listStacks(root).map((stack) => [stack, loadStack(root, stack).problems.map(formatProblem)]),
  );
}

export function newModel(name: string, options: NewModelOptions, io: Day2Io): number {
  const fail = (code: number, problems: string[]) => {
    io.stderr.write(problems.map((p) => `error: ${p}\n`).join(""));
    return code;
  };
  const root = options.root ?? projectRoot();
  const { model, problems, notes } = modelFromArguments(name, options);
  if (!fs.existsSync(path.join(root, "Pulumi.yaml"))) {
    problems.push(`--root ${root} is not a project folder: it has no Pulumi.yaml`);
  }
  const existing = [".yaml", ".yml"]
    .map((ext) => path.join("models", `${name}${ext}`))
    .filter((file) => fs.existsSync(path.join(root, file)));
  if (existing.length > 0) {
    problems.push(`${existing.join(" and ")} already exists: edit it, or choose another <name>`);
  }
  if (!model || problems.length > 0) return fail(EXIT.unusable, problems);

  const text = renderModelFile(model);
  // The schema first: a file the loader would refuse is never written.
  const parsed = modelFile.safeParse(yaml.load(text));
  if (!parsed.success) {
    return fail(
      EXIT.unusable,
      parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
    );
  }
  const before = stackProblems(root);
  const file = path.join(root, "models", `${name}.yaml`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { flag: "wx" });
  const added = [...stackProblems(root)].flatMap(([stack, found]) =>
    found
      .filter((p) => !(before.get(stack) ?? []).includes(p))
      .map((p) => `stack ${stack}: ${p.trim()}`),
  );
  if (added.length > 0) {
    fs.rmSync(file);
    return fail(EXIT.failed, [
      `models/${name}.yaml was not kept: it would add these problems`,
      ...added,
    ]);
  }
  const served =
    "version" in model.served ? `version ${model.served.version}` : `alias ${model.served.alias}`;
  io.stdout(
    `Wrote models/${name}.yaml: ${model.template}, ${model.registeredModel} ${served}, ` +
      `${model.features.length} feature(s), prediction ${model.prediction.name}; it passes ` +
      `validation in ${before.size} stack(s).\n` +
      notes.map((n) => `note: ${n}\n`).join("") +
      `Next: npm run plan -- --all (what each stack declares for it), then commit the file.\n`,
  );
  return EXIT.ok;
}
