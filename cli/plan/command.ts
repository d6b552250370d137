import { listStacks } from "./stack-file";
import { type StackPlan, planStack } from "./plan-stack";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { filterPlan, modelNames, unknownModelProblems } from "./model-filter";

export interface PlanOptions {
  root: string;
  stack?: string;
  all?: boolean;
  json?: boolean;
  markdown?: boolean;
  /** Text: SQL only when true. Markdown: SQL unless false (--no-sql), as before. */
  sql?: boolean;
  /** Only these models (names; `--model` is repeatable and takes comma-separated lists). */
  model?: string[];
  /** Markdown only: summarise resource tables when the plan would exceed this many characters. */
  maxChars?: number;
}

export interface CommandResult {
  exitCode: number;
  output: string;
}

/**
 * `model-monitoring plan`: evaluates the program for one stack (default dev) or every stack,
 * and prints it as text, JSON or Markdown. Exit 1 when any stack has configuration problems
 * or mandatory policy violations.
 * Stacks are evaluated one after another in this process; each evaluation installs fresh
 * mocks and configuration.
 */
export async function runPlan(options: PlanOptions): Promise<CommandResult> {
  const stacks = options.all ? listStacks(options.root) : [options.stack ?? "dev"];
  let plans: StackPlan[] = [];
  for (const stack of stacks) plans.push(await planStack(options.root, stack));
  const names = modelNames(options.model);
  if (names.length > 0) {
    const known = [...new Set(plans.flatMap((p) => p.models.map((m) => m.name)))].sort();
    const unknown = plans.every((p) => p.ok) ? unknownModelProblems(names, known) : [];
    // A usage error, which main prints on stderr with exit 2 (never into a PR comment).
    if (unknown.length > 0) throw new Error(unknown.join("\n"));
    plans = plans.map((p) => filterPlan(p, names));
  }
  // Configuration problems and mandatory policy violations both fail the plan.
  const exitCode = plans.every((p) => p.ok && (p.policies?.mandatory ?? 0) === 0) ? 0 : 1;
  if (options.json)
    return { exitCode, output: JSON.stringify(options.all ? plans : plans[0], null, 2) };
  if (options.markdown)
    return {
      exitCode,
      output: renderMarkdown(plans, {
        sql: options.sql ?? true,
        ...(options.maxChars === undefined ? {} : { maxChars: options.maxChars }),
      }),
    };
  return {
    exitCode,
    output: plans
      .map((p) => renderText(p, { sql: options.sql === true, compact: names.length > 0 }))
      .join("\n\n"),
  };
}
