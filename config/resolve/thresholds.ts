import type { ThresholdSpec } from "../../core/alert-spec";
import {
  statisticsFor,
  type ColumnKind,
  type DriftStatisticName,
} from "../../core/drift-statistics";
import type { FeatureSpec } from "../model-spec";
import { type ConfigProblem, prefixPath } from "../problems";
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

function keyOf(t: ThresholdSpec): string {
  return `${t.column}|${t.statistic}|${t.driftType}|${t.severity}`;
}

export interface ThresholdContext {
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
      problems.push({
        ...where,
        message: `unknown column "${t.column}"; allowed: ${[...columns.keys()].join(", ")}`,
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
      for (const target of targets) {
        const spec = thresholdWithDefaults.parse({ ...raw, column: target.name });
        const column = columns.get(target.name);
        // Per-kind defaults only reach columns they apply to; a mismatch is a template error.
        if (column && !allowedStatistics(column).includes(spec.statistic)) {
          if (kind === "prediction" && layer)
            check(spec, layer, `thresholdDefaults.prediction[${index}]`);
          continue;
        }
        if (layer && spec.driftType === "BASELINE" && !context.hasBaseline) continue;
        merged.set(keyOf(spec), spec);
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
      const earlier = seenInLayer.get(keyOf(spec));
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
      seenInLayer.set(keyOf(spec), index);
      if (raw.disabled) {
        merged.delete(keyOf(spec));
        return;
      }
      check(spec, layer, `thresholds[${index}]`);
      merged.set(keyOf(spec), spec);
    });
  }
  const thresholds = [...merged.values()].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
  return { thresholds, problems };
}
