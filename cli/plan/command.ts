import { type StackClaim, claimFindings } from "../../policies/one-stack-per-model";
import { listStacks } from "./stack-file";
import { type StackEntry, stackClaims, stackEntries } from "./stack-claims";
import { type StackPlan, planStack } from "./plan-stack";
import { renderMarkdown } from "./render-markdown";
import { renderText } from "./render-text";
import { filterPlan, modelNames, unknownModelProblems } from "./model-filter";

export interface PlanOptions {
  root: string;
  stack?: string;
  all?: boolean;
  /** Every stack whose file states this environment (the shards of a split environment). */
  environment?: string;
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
  // Every stack file's environment, read once for the selection and the shard check.
  const entries = stackEntries(options.root);
  const stacks = options.all
    ? listStacks(options.root)
    : options.environment
      ? entries.filter((e) => e.environment === options.environment).map((e) => e.stack)
      : [options.stack ?? "dev"];
  if (stacks.length === 0)
    return { exitCode: 1, output: `no stack file states environment ${options.environment}` };
  let plans: StackPlan[] = [];
  for (const stack of stacks) plans.push(await planStack(options.root, stack));
  const claims = new Map<string, StackClaim[]>();
  for (const plan of plans) addClaimFindings(options.root, entries, plan, claims);
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
    return {
      exitCode,
      output: JSON.stringify(stacks.length > 1 || options.all ? plans : plans[0], null, 2),
    };
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

/**
 * A model selected by two stacks of one environment is a mandatory violation in each: checked
 * against every stack file of the environment, also when one shard is planned alone.
 */
function addClaimFindings(
  root: string,
  entries: readonly StackEntry[],
  plan: StackPlan,
  claimsByEnvironment: Map<string, StackClaim[]>,
): void {
  if (!plan.policies) return;
  const environment = entries.find((e) => e.stack === plan.stack)?.environment;
  if (environment === undefined) return;
  const shards = entries.filter((e) => e.environment === environment);
  if (shards.length < 2) return;
  const claims = claimsByEnvironment.get(environment) ?? stackClaims(root, shards);
  claimsByEnvironment.set(environment, claims);
  for (const finding of claimFindings(plan.stack, claims)) {
    plan.policies.violations.push(finding);
    plan.policies.mandatory += 1;
  }
}
