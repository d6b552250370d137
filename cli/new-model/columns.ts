import * as fs from "node:fs";
import * as path from "node:path";
import { COLUMN_TYPES, type ColumnType } from "../../core/enums";
import { describeValue, isIdentifier } from "../../core/names";

/**
 * The columns of a new model file, from `--features name:type,...` or from `--sample <file>`
 * (a CSV header, optionally with a first row of values, or JSON records as the scoring API
 * takes them). Every problem is returned, each naming the flag (and file) and what is allowed.
 */

export interface NewColumn {
  name: string;
  type: ColumnType;
  categorical?: boolean;
}

export interface ColumnsResult {
  columns: NewColumn[];
  problems: string[];
  /** Types the sample did not show (no value, or null): written as string, to check. */
  guessed: string[];
}

const TYPES = COLUMN_TYPES.join(", ");
const IDENTIFIER_RULE = "a letter or _ followed by letters, digits or _ (at most 255)";
/** Samples are a header or a few records: anything larger is not what we were given. */
export const MAX_SAMPLE_BYTES = 1024 * 1024;

/** One `name:type[:categorical]` entry, as `--features` and `--prediction` take them. */
export function parseColumn(
  flag: string,
  entry: string,
): { column?: NewColumn; problems: string[] } {
  const [name = "", type, flagWord, ...rest] = entry.trim().split(":");
  const problems: string[] = [];
  if (!isIdentifier(name))
    problems.push(`${flag}: column name ${describeValue(name)} must be ${IDENTIFIER_RULE}`);
  if (type === undefined || type === "") {
    problems.push(`${flag}: "${entry.trim()}" has no type; write name:type, the types: ${TYPES}`);
  } else if (!(COLUMN_TYPES as readonly string[]).includes(type.toLowerCase())) {
    problems.push(`${flag}: "${entry.trim()}": unknown type "${type}"; the types: ${TYPES}`);
  }
  if ((flagWord !== undefined && flagWord !== "categorical") || rest.length > 0) {
    problems.push(`${flag}: "${entry.trim()}": after name:type only ":categorical" may follow`);
  }
  if (problems.length > 0) return { problems };
  return {
    column: {
      name,
      type: (type as string).toLowerCase() as ColumnType,
      ...(flagWord === "categorical" ? { categorical: true } : {}),
    },
    problems,
  };
}

export function featuresFromFlag(value: string): ColumnsResult {
  const entries = value.split(",").filter((e) => e.trim() !== "");
  if (entries.length === 0) {
    return { columns: [], guessed: [], problems: ["--features: give at least one name:type"] };
  }
  const parsed = entries.map((entry) => parseColumn("--features", entry));
  return {
    columns: parsed.flatMap((p) => (p.column ? [p.column] : [])),
    problems: parsed.flatMap((p) => p.problems),
    guessed: [],
  };
}

/** The type a sample value shows; undefined when it shows none (null, empty). */
export function typeOfValue(value: unknown): ColumnType | undefined {
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "double";
    return Math.abs(value) > 2 ** 31 - 1 ? "bigint" : "int";
  }
  if (typeof value !== "string" || value === "") return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return "date";
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return "timestamp";
  return "string";
}

/** A CSV cell as the value it stands for (CSV has no types: numbers and booleans by look). */
function csvValue(cell: string): unknown {
  const text = cell.trim().replace(/^"(.*)"$/, "$1");
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === "true";
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/** Rows of named values from a JSON sample: a record, records, or a scoring request. */
function jsonRecords(value: unknown): Array<Record<string, unknown>> | undefined {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(value) && value.every(isRecord)) return value;
  if (!isRecord(value)) return undefined;
  if (Array.isArray(value.dataframe_records)) return jsonRecords(value.dataframe_records);
  const split = value.dataframe_split;
  if (isRecord(split) && Array.isArray(split.columns)) {
    const columns = split.columns as unknown[];
    const rows = Array.isArray(split.data) ? (split.data as unknown[]) : [];
    if (rows.length === 0) return [Object.fromEntries(columns.map((c) => [String(c), null]))];
    return rows.map((row) =>
      Object.fromEntries(columns.map((c, i) => [String(c), Array.isArray(row) ? row[i] : null])),
    );
  }
  return [value];
}

export function featuresFromSample(file: string): ColumnsResult {
  const flag = `--sample ${file}`;
  const fail = (problem: string): ColumnsResult => ({
    columns: [],
    guessed: [],
    problems: [`${flag}: ${problem}`],
  });
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_SAMPLE_BYTES) {
      return fail(
        `larger than ${MAX_SAMPLE_BYTES / 1024} KiB; give a CSV header (and one row) or a few JSON records`,
      );
    }
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return fail(
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let records: Array<Record<string, unknown>>;
  if (path.extname(file).toLowerCase() === ".json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return fail(`is not valid JSON: ${(error as Error).message}`);
    }
    const found = jsonRecords(parsed);
    if (found === undefined || found.length === 0) {
      return fail(
        "must hold a JSON object of column values, an array of them, or a scoring request (dataframe_records, dataframe_split)",
      );
    }
    records = found;
  } else if (path.extname(file).toLowerCase() === ".csv") {
    const [header = "", first] = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    const names = header.split(",").map((n) => n.trim().replace(/^"(.*)"$/, "$1"));
    const cells = first?.split(",") ?? [];
    records = [
      Object.fromEntries(
        names.map((n, i) => [n, cells[i] === undefined ? null : csvValue(cells[i] as string)]),
      ),
    ];
  } else {
    return fail("must be a .csv file (a header line, optionally a row of values) or a .json file");
  }

  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const problems = names
    .filter((name) => !isIdentifier(name))
    .map(
      (name) =>
        `${flag}: column ${describeValue(name)} must be ${IDENTIFIER_RULE}; rename it in the sample`,
    );
  const guessed: string[] = [];
  const columns = names.filter(isIdentifier).map((name) => {
    const type = records.map((r) => typeOfValue(r[name])).find((t) => t !== undefined);
    if (type === undefined) guessed.push(name);
    return { name, type: type ?? ("string" as const) };
  });
  if (names.length === 0) problems.push(`${flag}: no columns found`);
  return { columns, problems, guessed };
}
