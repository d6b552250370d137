import type { ThresholdSpec } from "../../core/alert-spec";
import { DEFAULT_DRIFT_TYPE } from "../../core/enums";
import {
  statisticsFor,
  type ColumnKind,
  type DriftStatisticName,
} from "../../core/drift-statistics";
import { didYouMean } from "../did-you-mean";
import type { FeatureSpec } from "../model-spec";
import { type ConfigProblem, prefixPath } from "../problems";
import { thresholdValueProblem } from "../statistic-ranges";
import { thresholdWithDefaults } from "../schema/defaults";
import type { Layer, LayerValue } from "./layers";

/**
 * Thresholds come from two places: per-kind defaults (template, model or stack
 * `thresholdDefaults`, applied to every feature of that kind and to the prediction) and
 * explicit per-column entries in `thresholds`, merged across layers by
 * column + statistic + drift type + severity. `disabled: true` removes an inherited one.
 */

type PerKindDefaults = NonNullable<LayerValue["thresholdDefaults"]>;

export function columnKind(column: FeatureSpec): ColumnKind | "temporal" {
  if (column.type === "date" || column.type === "timestamp") return "temporal";
  if (column.categorical || column.type === "string" || column.type === "boolean")
    return "categorical";
  return "numeric";
}

function allowedStatistics(column: FeatureSpec): DriftStatisticName[] {
  const kind = columnKind(column);
  if (kind === "temporal")
    return statisticsFor("numeric").filter((s) => statisticsFor("categorical").includes(s));
  return statisticsFor(kind);
}

/** What identifies a threshold across layers: a later layer with the same parts overrides it. */
export function thresholdKeyParts(t: {
  column: string;
  statistic: string;
  driftType?: string;
  severity: string;
}): string[] {
  return [t.column, t.statistic, t.driftType ?? DEFAULT_DRIFT_TYPE, t.severity];
}

export function thresholdKey(t: Parameters<typeof thresholdKeyParts>[0]): string {
  return thresholdKeyParts(t).join("|");
}

export interface ThresholdContext {
  /** The model file (models/...): where a mismatch between the prediction and the defaults is fixed. */
  modelFile: string;
  features: FeatureSpec[];
  prediction: FeatureSpec;
  hasBaseline: boolean;
}

export function resolveThresholds(
  layers: readonly Layer[],
  context: ThresholdContext,
): { thresholds: ThresholdSpec[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const columns = new Map<string, FeatureSpec>(
    [...context.features, context.prediction].map((column) => [column.name, column]),
  );

  const check = (t: ThresholdSpec, layer: Layer, path: string) => {
    const column = columns.get(t.column);
    const where = { file: layer.file, path: prefixPath(layer.prefix, path) };
    if (!column) {
      const known = [...columns.keys()];
      problems.push({
        ...where,
        message: `unknown column "${t.column}"${didYouMean(t.column, known)}; allowed: ${known.join(", ")}`,
      });
      return;
    }
    const allowed = allowedStatistics(column);
    if (!allowed.includes(t.statistic)) {
      problems.push({
        ...where,
        message: `statistic "${t.statistic}" does not apply to ${columnKind(column)} column "${t.column}" (${column.type}); allowed: ${allowed.join(", ")}`,
      });
    }
    if (t.driftType === "BASELINE" && !context.hasBaseline) {
      problems.push({ ...where, message: "driftType BASELINE needs monitor.baselineTable" });
    }
  };
  // A value the statistic can never take is the layer's mistake, whatever column it lands on.
  const checkValue = (t: ThresholdSpec, layer: Layer, path: string) => {
    const problem = thresholdValueProblem(t.statistic, t.comparator, t.value);
    if (problem)
      problems.push({
        file: layer.file,
        path: prefixPath(layer.prefix, `${path}.value`),
        message: problem,
      });
  };

  // The last layer that gives defaults for a kind decides them (lists replace).
  const defaults: PerKindDefaults = {};
  const defaultOrigin: Partial<Record<keyof PerKindDefaults, Layer>> = {};
  for (const layer of layers) {
    const layerDefaults = layer.value.thresholdDefaults;
    for (const kind of ["numeric", "categorical", "prediction"] as const) {
      if (layerDefaults?.[kind]) {
        defaults[kind] = layerDefaults[kind];
        defaultOrigin[kind] = layer;
      }
    }
  }

  const merged = new Map<string, ThresholdSpec>();
  const applyDefaults = (kind: keyof PerKindDefaults, targets: FeatureSpec[]) => {
    const layer = defaultOrigin[kind];
    (defaults[kind] ?? []).forEach((raw, index) => {
      if (layer)
        checkValue(
          thresholdWithDefaults.parse({ ...raw, column: kind }),
          layer,
          `thresholdDefaults.${kind}[${index}]`,
        );
      for (const target of targets) {
        const spec = thresholdWithDefaults.parse({ ...raw, column: target.name });
        const column = columns.get(target.name);
        // Per-kind defaults only reach columns they apply to. The prediction's must apply: a
        // mismatch there is the model's prediction type (set in the model file) against the
        // template's defaults, reported where the model can fix it.
        if (column && !allowedStatistics(column).includes(spec.statistic)) {
          if (kind === "prediction" && layer)
            problems.push({
              file: context.modelFile,
              path: "prediction.type",
              message: `${layer.file} thresholdDefaults.prediction[${index}] watches ${spec.statistic}, which does not apply to the ${columnKind(column)} prediction "${column.name}" (${column.type}); allowed: ${allowedStatistics(column).join(", ")}. Give the prediction's type the template expects, or set thresholdDefaults.prediction in the model file`,
            });
          continue;
        }
        if (layer && spec.driftType === "BASELINE" && !context.hasBaseline) continue;
        merged.set(thresholdKey(spec), spec);
      }
    });
  };
  applyDefaults(
    "numeric",
    context.features.filter((f) => columnKind(f) === "numeric"),
  );
  applyDefaults(
    "categorical",
    context.features.filter((f) => columnKind(f) === "categorical"),
  );
  applyDefaults("prediction", [context.prediction]);

  for (const layer of layers) {
    const seenInLayer = new Map<string, number>();
    (layer.value.thresholds ?? []).forEach((raw, index) => {
      const spec = thresholdWithDefaults.parse(raw);
      // Later layers replace by key; within one list a second entry would silently win.
      const earlier = seenInLayer.get(thresholdKey(spec));
      if (earlier !== undefined) {
        problems.push({
          file: layer.file,
          path: prefixPath(layer.prefix, `thresholds[${index}]`),
          message:
            `duplicate threshold for ${spec.column} ${spec.statistic} ${spec.driftType} ${spec.severity} ` +
            `(also thresholds[${earlier}]): one limit per column, statistic, drift type and severity; ` +
            "delta statistics are signed, so watch the other direction under the other severity",
        });
        return;
      }
      seenInLayer.set(thresholdKey(spec), index);
      if (raw.disabled) {
        // Disabling what no earlier layer set is a typo or a stale entry: it would do nothing.
        if (!merged.delete(thresholdKey(spec)))
          problems.push({
            file: layer.file,
            path: prefixPath(layer.prefix, `thresholds[${index}]`),
            message: `disables ${spec.column} ${spec.statistic} ${spec.driftType} ${spec.severity}, which no earlier layer sets${disabledHint(spec, [...merged.values()])}`,
          });
        return;
      }
      check(spec, layer, `thresholds[${index}]`);
      checkValue(spec, layer, `thresholds[${index}]`);
      merged.set(thresholdKey(spec), spec);
    });
  }
  const thresholds = [...merged.values()].sort((a, b) =>
    thresholdKey(a).localeCompare(thresholdKey(b)),
  );
  return { thresholds, problems };
}

/** The thresholds in force on the same column and statistic: what a disable may have meant. */
function disabledHint(spec: ThresholdSpec, inForce: readonly ThresholdSpec[]): string {
  const near = inForce.filter((t) => t.column === spec.column && t.statistic === spec.statistic);
  if (near.length > 0)
    return `; in force on ${spec.column} ${spec.statistic}: ${near.map((t) => `${t.driftType} ${t.severity}`).join(", ")}`;
  const columns = [...new Set(inForce.map((t) => t.column))];
  const column = didYouMean(spec.column, columns);
  if (column !== "") return `; column "${spec.column}"${column}`;
  const statistics = [
    ...new Set(inForce.filter((t) => t.column === spec.column).map((t) => t.statistic)),
  ];
  return statistics.length > 0
    ? `; in force on ${spec.column}: ${statistics.join(", ")}`
    : `; no threshold is in force on ${spec.column}`;
}
