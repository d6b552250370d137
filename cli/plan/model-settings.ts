import type { ModelSpec } from "../../config/model-spec";
import type { Layer } from "../../config/resolve/layers";
import {
  type LayerKind,
  type Origins,
  layerKinds,
  trackOrigins,
} from "../../config/resolve/origins";
import { columnKind, thresholdKey, thresholdKeyParts } from "../../config/resolve/thresholds";

/**
 * A model's effective settings as a person reads them: each value with the layer it came from
 * (template, model file, stack, stack override, or the built-in default), a note wherever a
 * later layer overrides what the model file set or a name is rewritten per stack, and the
 * drift thresholds with their origin.
 */

export type Origin = LayerKind | "default";

export interface SettingRow {
  key: string;
  value: string;
  origin: Origin;
}

export interface ThresholdRow {
  column: string;
  statistic: string;
  driftType: string;
  comparator: string;
  value: number;
  severity: string;
  origin: string;
}

export interface ModelSettings {
  settings: SettingRow[];
  notes: string[];
  thresholds: ThresholdRow[];
}

function text(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "-";
  const table = value as { catalog?: unknown; schema?: unknown; table?: unknown };
  if (table !== null && typeof table === "object" && table.table !== undefined)
    return `${String(table.catalog)}.${String(table.schema)}.${String(table.table)}`;
  return JSON.stringify(value);
}

const list = (values: readonly unknown[]) =>
  values.length === 0 ? "none" : values.map(text).join(", ");

/** [key shown, effective value, setting paths whose origin it takes (first set wins)]. */
function effectiveValues(spec: ModelSpec): [string, unknown, string[]][] {
  const e = spec.endpoint;
  const rm = spec.governance.registeredModel;
  const ex = spec.governance.experiment;
  const column = (c: { name: string; type: string }) => `${c.name} ${c.type}`;
  const rows: [string, unknown, string[]][] = [
    ["registeredModel", spec.registeredModel, ["registeredModel"]],
    [
      "served",
      e.servedEntities
        .map(
          (s) =>
            `${s.name}=${s.version ? `v${s.version}` : `alias ${s.alias}`} ${s.trafficPercentage}%`,
        )
        .join(", "),
      ["served", "version", "alias"],
    ],
    ["endpointName", e.name, ["endpointName"]],
    e.workloadSize !== undefined
      ? ["serving.workloadSize", e.workloadSize, ["serving.workloadSize"]]
      : [
          "serving.provisionedConcurrency",
          `${e.minProvisionedConcurrency}-${e.maxProvisionedConcurrency}`,
          ["serving.minProvisionedConcurrency", "serving.maxProvisionedConcurrency"],
        ],
    ["serving.scaleToZero", e.scaleToZero, ["serving.scaleToZero"]],
    ["serving.workloadType", e.workloadType, ["serving.workloadType"]],
    ["serving.timeoutMinutes", e.timeoutMinutes, ["serving.timeoutMinutes"]],
    ["features", spec.features.map(column).join(", "), ["features"]],
    ["prediction", column(spec.prediction), ["prediction"]],
  ];
  if (spec.label) rows.push(["label", column(spec.label), ["label"]]);
  if (spec.labels) rows.push(["labels.table", spec.labels.table, ["labels.table"]]);
  const i = spec.inference;
  const m = spec.monitor;
  const q = spec.dataQuality;
  const a = spec.alerting;
  rows.push(
    ["inference.tablePrefix", i.tablePrefix, ["inference.tablePrefix"]],
    ["inference.lateArrivalHours", i.lateArrivalHours, ["inference.lateArrivalHours"]],
    ["inference.modelIdSource", i.modelIdSource, ["inference.modelIdSource"]],
    ["inference.adoptProcessedTable", i.adoptProcessedTable, ["inference.adoptProcessedTable"]],
    ["monitor.granularities", list(m.granularities), ["monitor.granularities"]],
    ["monitor.schedule.cron", m.schedule.cron, ["monitor.schedule.cron"]],
    ["monitor.schedule.timezone", m.schedule.timezone, ["monitor.schedule.timezone"]],
    ["monitor.schedule.paused", m.schedule.paused, ["monitor.schedule.paused"]],
    ["monitor.failureEmails", list(m.failureEmails), ["monitor.failureEmails"]],
  );
  if (m.baselineTable)
    rows.push(["monitor.baselineTable", m.baselineTable, ["monitor.baselineTable"]]);
  if (m.slicingExprs.length > 0)
    rows.push(["monitor.slicingExprs", list(m.slicingExprs), ["monitor.slicingExprs"]]);
  for (const key of Object.keys(q) as (keyof typeof q)[])
    rows.push([`dataQuality.${key}`, q[key], [`dataQuality.${key}`]]);
  rows.push(
    ["alerting.recipients", list(a.recipients), ["alerting.recipients"]],
    ["alerting.notifyOnOk", a.notifyOnOk, ["alerting.notifyOnOk"]],
    ["alerting.retriggerMinutes", a.retriggerMinutes, ["alerting.retriggerMinutes"]],
    ["alerting.adoptThresholds", a.adoptThresholds, ["alerting.adoptThresholds"]],
  );
  const g = "governance.registeredModel";
  rows.push([`${g}.manage`, rm.manage, [`${g}.manage`]]);
  if (rm.manage) {
    rows.push(
      [`${g}.catalog`, rm.catalog, [`${g}.catalog`]],
      [`${g}.owner`, rm.owner ?? "unmanaged", [`${g}.owner`]],
      [`${g}.adopt`, rm.adopt, [`${g}.adopt`]],
      [`${g}.authoritativeGrants`, rm.authoritativeGrants, [`${g}.authoritativeGrants`]],
    );
    for (const grant of rm.grants)
      rows.push([
        `${g}.grants.${grant.principal}`,
        list(grant.privileges),
        [`${g}.grants.${grant.principal}`],
      ]);
  }
  rows.push(["governance.experiment", ex.name, ["governance.experiment.root"]]);
  if (ex.adoptId)
    rows.push(["governance.experiment.adoptId", ex.adoptId, ["governance.experiment.adoptId"]]);
  for (const p of ex.permissions)
    rows.push([
      `governance.experiment.permissions.${p.principal}`,
      p.level,
      [`governance.experiment.permissions.${p.principal}`],
    ]);
  return rows;
}

const RANK: Origin[] = ["default", "template", "model file", "stack", "stack override"];

/** The latest layer that set the path or anything inside it (a column's name, type, ...). */
function originOfPaths(origins: Origins, paths: readonly string[]): Origin {
  let found: Origin = "default";
  for (const path of paths) {
    for (const [key, origin] of origins.values) {
      if (key !== path && !key.startsWith(`${path}.`)) continue;
      if (RANK.indexOf(origin.layer) > RANK.indexOf(found)) found = origin.layer;
    }
    if (found !== "default") return found;
  }
  return found;
}

const where = (set: { layer: LayerKind; file: string; keyPath: string }) =>
  `${set.layer} (${set.file}: ${set.keyPath})`;

function overrideNotes(origins: Origins): string[] {
  const notes: string[] = [];
  for (const origin of origins.values.values()) {
    for (const earlier of origin.replaced.filter((r) => r.layer === "model file"))
      notes.push(
        `${origin.path}: the model file sets ${text(earlier.value)}, overridden by the ${where(origin)} with ${text(origin.value)}`,
      );
  }
  for (const dropped of origins.dropped.filter((d) => d.layer === "model file"))
    notes.push(
      `${dropped.path}: the model file sets ${text(dropped.value)}, dropped because the ${where(dropped.droppedBy)} sets ${dropped.droppedBy.path}`,
    );
  return notes;
}

function renameNotes(spec: ModelSpec, layers: readonly Layer[], origins: Origins): string[] {
  const notes: string[] = [];
  const written = layers[1]?.value as { registeredModel?: string } | undefined;
  const catalog = origins.values.get("governance.registeredModel.catalog");
  if (written?.registeredModel && written.registeredModel !== spec.registeredModel && catalog)
    notes.push(
      `renamed in this stack: registered model ${written.registeredModel} (model file) is ${spec.registeredModel} (catalog from the ${where(catalog)})`,
    );
  if (!origins.values.has("endpointName"))
    notes.push(
      `renamed per stack: endpoint ${spec.endpoint.name} is the default <model>-<environment>; each stack serves its own endpoint`,
    );
  return notes;
}

function thresholdRows(spec: ModelSpec, layers: readonly Layer[]): ThresholdRow[] {
  const kinds = layerKinds(layers);
  const columns = new Map([...spec.features, spec.prediction].map((c) => [c.name, c]));
  return spec.thresholds.map((t) => {
    let origin: string | undefined;
    layers.forEach((layer, i) => {
      if ((layer.value.thresholds ?? []).some((raw) => thresholdKey(raw) === thresholdKey(t)))
        origin = kinds[i];
    });
    if (origin === undefined) {
      const column = columns.get(t.column);
      const kind =
        t.column === spec.prediction.name
          ? "prediction"
          : column && columnKind(column) === "categorical"
            ? "categorical"
            : "numeric";
      layers.forEach((layer, i) => {
        if (layer.value.thresholdDefaults?.[kind])
          origin = `${kinds[i]} (thresholdDefaults.${kind})`;
      });
    }
    return { ...t, origin: origin ?? "default" };
  });
}

export function modelSettings(spec: ModelSpec, layers: readonly Layer[]): ModelSettings {
  const origins = trackOrigins(layers, ["thresholds", "thresholdDefaults"]);
  return {
    settings: effectiveValues(spec).map(([key, value, paths]) => ({
      key,
      value: text(value),
      origin: originOfPaths(origins, paths),
    })),
    notes: [
      ...renameNotes(spec, layers, origins),
      ...overrideNotes(origins),
      ...thresholdOverrideNotes(layers),
    ],
    thresholds: thresholdRows(spec, layers),
  };
}

/** A threshold the model file lists that a later layer changes or disables. */
function thresholdOverrideNotes(layers: readonly Layer[]): string[] {
  const kinds = layerKinds(layers);
  const model = layers[1];
  if (!model) return [];
  const shown = (t: Parameters<typeof thresholdKeyParts>[0]) => thresholdKeyParts(t).join(" ");
  const notes: string[] = [];
  for (const own of model.value.thresholds ?? []) {
    layers.forEach((layer, i) => {
      if (i <= 1) return;
      for (const later of layer.value.thresholds ?? []) {
        if (thresholdKey(later) !== thresholdKey(own)) continue;
        if (later.disabled)
          notes.push(
            `threshold ${shown(own)}: set in the model file, disabled by the ${kinds[i]} (${layer.file})`,
          );
        else if (later.value !== own.value || later.comparator !== own.comparator)
          notes.push(
            `threshold ${shown(own)}: the model file sets ${own.value}, overridden by the ${kinds[i]} (${layer.file}) with ${later.value}`,
          );
      }
    });
  }
  return notes;
}
