import type { SchemaName } from "../../core/tables";
import type { MonitorSpec } from "../model-spec";
import type { ConfigProblem } from "../problems";
import type { ModelWithDefaults } from "../schema/defaults";
import { originOf, type Layer } from "./layers";

/**
 * The quality monitor: where it writes, how it slices and aggregates, its schedule and who hears
 * of failed refreshes. Problems: a granularity given twice, a slicing expression carrying a
 * statement separator or a comment.
 */
export function resolveMonitor(
  monitor: ModelWithDefaults["monitor"],
  where: { outputSchema: SchemaName; assetsDir: string },
  layers: readonly Layer[],
): { monitor: MonitorSpec; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (path: PropertyKey[], message: string) =>
    problems.push({ ...originOf(layers, path), message });
  const { granularities, slicingExprs } = monitor;
  const duplicate = granularities.find((g, i) => granularities.indexOf(g) !== i);
  if (duplicate) problem(["monitor", "granularities"], `duplicate granularity "${duplicate}"`);
  slicingExprs.forEach((expr, i) => {
    if (/;|--|\/\*/.test(expr))
      problem(["monitor", "slicingExprs", i], "may not contain ; or SQL comments");
  });

  const spec: MonitorSpec = {
    outputSchema: where.outputSchema,
    assetsDir: where.assetsDir,
    granularities,
    slicingExprs,
    customMetrics: monitor.customMetrics,
    schedule: monitor.schedule,
    // The stack's failureEmails arrive through its stack-wide layer (resolve/model.ts).
    failureEmails: monitor.failureEmails,
    skipBuiltinDashboard: monitor.skipBuiltinDashboard,
  };
  if (monitor.baselineTable !== undefined) spec.baselineTable = monitor.baselineTable;
  return { monitor: spec, problems };
}
