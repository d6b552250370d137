import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * Small files with one job: no production file over 300 lines. And the resolved configuration is
 * typed end to end: the code that turns the layers into a ModelSpec casts nothing.
 */
const PRODUCTION_FOLDERS = [
  "cli",
  "components",
  "config",
  "core",
  "databricks-client",
  "dynamic-providers",
  "policies",
  "scripts",
  "sql",
];
const MAX_LINES = 300;

function tsFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

const relative = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join("/");

it(`has no production file over ${MAX_LINES} lines`, () => {
  const files = [
    ...fs
      .readdirSync(REPO_ROOT)
      .filter((name) => name.endsWith(".ts"))
      .map((name) => path.join(REPO_ROOT, name)),
    ...PRODUCTION_FOLDERS.flatMap((folder) => tsFiles(path.join(REPO_ROOT, folder))),
  ];
  const long = files
    .map((file) => ({
      file: relative(file),
      lines: fs.readFileSync(file, "utf8").split("\n").length - 1,
    }))
    .filter(({ lines }) => lines > MAX_LINES)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  expect(long).toEqual([]);
});

it("resolves the configuration without type casts", () => {
  const casts = [
    ...tsFiles(path.join(REPO_ROOT, "config", "resolve")),
    path.join(REPO_ROOT, "config", "schema", "defaults.ts"),
  ].flatMap((file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .map((line, index) => ({ line: line.replace(/\/\/.*$|^\s*\*.*$/, ""), index }))
      .filter(({ line }) => /\)\s+as\s+(?!const\b)|\w\s+as\s+(?!const\b)[A-Z{(]/.test(line))
      .map(({ line, index }) => `${relative(file)}:${index + 1}: ${line.trim()}`),
  );
  expect(casts).toEqual([]);
});
