import type * as pulumi from "@pulumi/pulumi";
import type { ModelSpec, ScheduleSpec } from "../config/model-spec";

/** Resource options for anything that holds data: in prod it is protected and retained. */
export function dataResourceOptions(
  spec: ModelSpec,
): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  return spec.protectData ? { protect: true, retainOnDelete: true } : {};
}

export function pauseStatus(schedule: ScheduleSpec): "PAUSED" | "UNPAUSED" {
  return schedule.paused ? "PAUSED" : "UNPAUSED";
}
