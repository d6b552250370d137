import type { z } from "zod";
import type { modelSelection } from "./schema/stack";

/** A stack's `select`: which models it holds when an environment is split into shards. */
export type ModelSelection = z.infer<typeof modelSelection>;

export interface SelectableModel {
  name: string;
  group?: string | undefined;
  team?: string | undefined;
}

function globMatches(glob: string, name: string): boolean {
  const pattern = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(name);
}

/** Every criterion given must match; within one, any listed value does. No selection: all. */
export function isSelected(selection: ModelSelection | undefined, model: SelectableModel): boolean {
  if (!selection) return true;
  if (selection.models && !selection.models.some((glob) => globMatches(glob, model.name)))
    return false;
  if (selection.groups && !(model.group && selection.groups.includes(model.group))) return false;
  if (selection.teams && !(model.team && selection.teams.includes(model.team))) return false;
  return true;
}
