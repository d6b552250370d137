import * as fs from "node:fs";
import * as yaml from "js-yaml";
import type { ConfigProblem } from "./problems";

/**
 * Every YAML file the project reads (Pulumi.yaml, stack files, templates, model files) goes
 * through here, so that none can stall or exhaust the process: a file larger than
 * MAX_YAML_BYTES is refused before it is read, and a document whose aliases expand to more than
 * MAX_YAML_NODES values (a "billion laughs" alias bomb: js-yaml shares aliased values, but
 * validating, merging or serialising them walks every copy) is refused after parsing, by a
 * walk that stops at the budget. Problems name the file.
 */

/** Our largest file is a few kilobytes; a model with a thousand features is about 60 KB. */
export const MAX_YAML_BYTES = 1024 * 1024;
/** Values after expanding aliases; a thousand-feature model has about 5,000. */
export const MAX_YAML_NODES = 100_000;

/** A parsed file, with the text it was parsed from (for a caller that keeps the file as is). */
export type YamlRead =
  { ok: true; value: unknown; text: string } | { ok: false; problem: ConfigProblem };

/** Counts values as a consumer walking the document sees them; stops once over `budget`. */
function expandedNodes(root: unknown, budget: number): number {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0 && count <= budget) {
    const value = stack.pop();
    count += 1;
    if (value !== null && typeof value === "object") {
      for (const child of Object.values(value as object)) stack.push(child);
    }
  }
  return count;
}

/** Parses YAML text already read; `label` is the file as the user knows it. */
export function parseYaml(text: string, label: string): YamlRead {
  let value: unknown;
  try {
    value = yaml.load(text, { filename: label });
  } catch (error) {
    const mark = (error as { mark?: { line: number; column: number } }).mark;
    const where = mark ? `line ${mark.line + 1}, column ${mark.column + 1}` : "";
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    const hint = /unidentified alias|end of the stream or a document separator/.test(reason)
      ? ' (a value starting with * or containing ": " needs quotes, e.g. cron: "0 0 * * * ?")'
      : "";
    return {
      ok: false,
      problem: { file: label, path: where, message: `not valid YAML: ${reason}${hint}` },
    };
  }
  if (expandedNodes(value, MAX_YAML_NODES) > MAX_YAML_NODES) {
    return {
      ok: false,
      problem: {
        file: label,
        path: "",
        message: `refused: its aliases (*name) expand to more than ${MAX_YAML_NODES.toLocaleString("en")} values; write the values out or use fewer aliases`,
      },
    };
  }
  return { ok: true, value, text };
}

/** Reads and parses one YAML file, refusing one over the size cap before reading it. */
export function readYamlFile(file: string, label: string): YamlRead {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    return {
      ok: false,
      problem: { file: label, path: "", message: `cannot be read: ${(error as Error).message}` },
    };
  }
  if (size > MAX_YAML_BYTES) {
    return {
      ok: false,
      problem: {
        file: label,
        path: "",
        message: `refused: ${size.toLocaleString("en")} bytes, more than the ${MAX_YAML_BYTES.toLocaleString("en")} a configuration file may have`,
      },
    };
  }
  return parseYaml(fs.readFileSync(file, "utf8"), label);
}
