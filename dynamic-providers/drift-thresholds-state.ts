import type { ThresholdRow } from "../core/threshold-rows";
import type { ThresholdMap } from "./drift-thresholds-changes";
import type { DriftThresholdsInputs } from "./drift-thresholds-inputs";

/**
 * What a DriftThresholds resource keeps in its state and how it reads it back: its inputs, its id
 * (`table/model`), and the owner token that marks its rows in the table.
 */

export function inputsOf(props: Record<string, unknown>): DriftThresholdsInputs {
  return {
    table: String(props.table),
    model: String(props.model),
    thresholds: (props.thresholds ?? {}) as ThresholdMap,
    adopt: props.adopt === true,
    ...(typeof props.warehouseId === "string" && props.warehouseId !== ""
      ? { warehouseId: props.warehouseId }
      : {}),
  };
}

/**
 * The token that marks this resource's rows (the `owner` column), an output kept in its state.
 * Undefined for a resource created before owners existed: its delete removes the model's rows.
 */
export function ownerOf(props: Record<string, unknown>): string | undefined {
  return typeof props.owner === "string" && props.owner !== "" ? props.owner : undefined;
}

/** Outputs carrying the owner token when there is one. */
export function withOwner<T extends object>(
  outs: T,
  owner: string | undefined,
): T & { owner?: string } {
  return owner === undefined ? outs : { ...outs, owner };
}

export function newOwner(): string {
  const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
  return randomUUID();
}

export function resourceId(inputs: Pick<DriftThresholdsInputs, "table" | "model">): string {
  return `${inputs.table}/${inputs.model}`;
}

/** `table/model` back from an id (read without props). */
export function parseId(id: string): { table: string; model: string } | undefined {
  const slash = id.indexOf("/");
  return slash > 0 ? { table: id.slice(0, slash), model: id.slice(slash + 1) } : undefined;
}

export function describeDifference(live: ThresholdMap, desired: ThresholdMap): string {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(desired)])].sort();
  const lines = keys.flatMap((key) => {
    const a = live[key];
    const b = desired[key];
    if (a && b && a.comparator === b.comparator && a.value === b.value) return [];
    const show = (row: ThresholdRow | undefined) =>
      row ? `${row.comparator} ${row.value}` : "absent";
    return [`${key}: live ${show(a)}, program ${show(b)}`];
  });
  const shown = lines.slice(0, 5).join("; ");
  return lines.length > 5 ? `${shown}; and ${lines.length - 5} more` : shown;
}
