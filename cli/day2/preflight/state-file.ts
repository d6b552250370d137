import * as fs from "node:fs";
import { Day2Error } from "../exit-codes";

/**
 * What a stack's state holds, from `pulumi stack export` (`{version, deployment: {resources}}`),
 * or a DIY backend's checkpoint file (`{checkpoint: {latest: {resources}}}`): the processed
 * tables, serving endpoints and registered models it manages, by name. The bridged provider's
 * ids are these names (terraform-provider-databricks: resource_sql_table.go and
 * resource_registered_model.go set the full name, resource_model_serving.go the endpoint name);
 * the outputs' name fields are read too, for a state whose ids differ.
 */

export const STATE_TYPES = {
  table: "databricks:index/sqlTable:SqlTable",
  endpoint: "databricks:index/modelServing:ModelServing",
  registeredModel: "databricks:index/registeredModel:RegisteredModel",
} as const;

export interface StackState {
  file: string;
  /** Lower-case full names. */
  tables: Set<string>;
  endpoints: Set<string>;
  registeredModels: Set<string>;
}

interface StateResource {
  type?: unknown;
  id?: unknown;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export function readStackState(file: string): StackState {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Day2Error("usage", `Cannot read --state ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Day2Error("usage", `--state ${file} is not JSON: ${(error as Error).message}`, [
      "Write it with: pulumi stack export --stack <stack> --file <file>",
    ]);
  }
  const resources = resourcesOf(parsed);
  if (resources === undefined) {
    throw new Day2Error(
      "usage",
      `--state ${file} holds no deployment.resources (nor checkpoint.latest.resources)`,
      ["Write it with: pulumi stack export --stack <stack> --file <file>"],
    );
  }
  const state: StackState = {
    file,
    tables: new Set(),
    endpoints: new Set(),
    registeredModels: new Set(),
  };
  for (const resource of resources) {
    const names = namesOf(resource);
    if (resource.type === STATE_TYPES.table) names.full.forEach((n) => state.tables.add(n));
    if (resource.type === STATE_TYPES.registeredModel) {
      names.full.forEach((n) => state.registeredModels.add(n));
    }
    if (resource.type === STATE_TYPES.endpoint) names.plain.forEach((n) => state.endpoints.add(n));
  }
  return state;
}

function resourcesOf(parsed: unknown): StateResource[] | undefined {
  const root = parsed as {
    deployment?: { resources?: unknown };
    checkpoint?: { latest?: { resources?: unknown } };
  } | null;
  const resources = root?.deployment?.resources ?? root?.checkpoint?.latest?.resources;
  if (resources === undefined && root?.deployment !== undefined) return [];
  return Array.isArray(resources) ? (resources as StateResource[]) : undefined;
}

function namesOf(resource: StateResource): { full: string[]; plain: string[] } {
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v.toLowerCase() : undefined);
  const full: string[] = [];
  const plain: string[] = [];
  const id = text(resource.id);
  if (id !== undefined) {
    full.push(id);
    plain.push(id);
  }
  for (const fields of [resource.outputs, resource.inputs]) {
    const catalog = text(fields?.catalogName);
    const schema = text(fields?.schemaName);
    const name = text(fields?.name);
    if (catalog !== undefined && schema !== undefined && name !== undefined) {
      full.push(`${catalog}.${schema}.${name}`);
    }
    if (name !== undefined) plain.push(name);
  }
  return { full, plain };
}
