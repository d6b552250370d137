/**
 * A small reader for `~/.databrickscfg`, the INI file the Databricks CLI and SDKs share
 * (docs/databricks-api.md, authentication). It understands what that file holds: `[section]`
 * headers, `key = value` lines, full-line `;`/`#` comments and optional quotes around values.
 * Keys before the first section belong to DEFAULT, as in the Go SDK's INI library.
 */

export type IniSections = Map<string, Map<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current = sectionOf(sections, "DEFAULT");
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === "" || line.startsWith(";") || line.startsWith("#")) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = sectionOf(sections, (header[1] ?? "").trim());
      continue;
    }
    const equals = line.indexOf("=");
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim().toLowerCase();
    current.set(key, unquote(line.slice(equals + 1).trim()));
  }
  return sections;
}

function sectionOf(sections: IniSections, name: string): Map<string, string> {
  let section = sections.get(name);
  if (section === undefined) {
    section = new Map();
    sections.set(name, section);
  }
  return section;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? "") : value;
}

export interface Profile {
  name: string;
  file: string;
  values: ReadonlyMap<string, string>;
}

/**
 * The profile to use from `file`: `explicitName` when given (it must exist), otherwise the
 * newer CLI's `[__settings__] default_profile`, otherwise DEFAULT. Undefined when nothing
 * applies and no profile was asked for explicitly.
 */
export function readProfile(file: string, explicitName: string | undefined): Profile | undefined {
  const fs = require("node:fs") as typeof import("node:fs");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if (explicitName === undefined && (error as NodeJS.ErrnoException).code === "ENOENT") {
      return undefined;
    }
    throw new Error(
      `Cannot read the Databricks config file ${file} (profile ${explicitName ?? "DEFAULT"}): ${(error as Error).message}`,
    );
  }
  const sections = parseIni(text);
  const name = explicitName ?? sections.get("__settings__")?.get("default_profile") ?? "DEFAULT";
  const values = sections.get(name);
  if (values === undefined || (values.size === 0 && explicitName !== undefined)) {
    if (explicitName === undefined) return undefined;
    const known = [...sections.keys()].filter((s) => s !== "__settings__" && sections.get(s)?.size);
    throw new Error(
      `Profile "${explicitName}" is not in ${file} (profiles there: ${known.join(", ") || "none"})`,
    );
  }
  return values.size === 0 ? undefined : { name, file, values };
}
