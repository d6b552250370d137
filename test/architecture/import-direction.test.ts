import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/**
 * The production folders form layers: each may import only the folders listed for it, so
 * imports run one way, from the command line down to the pure vocabulary in core/. A new import
 * that runs the other way fails here, naming the file and the import.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: [],
  sql: ["core"],
  config: ["core"],
  "databricks-client": ["core"],
  "dynamic-providers": ["core", "sql", "databricks-client"],
  components: ["core", "sql", "config", "databricks-client", "dynamic-providers"],
  policies: ["core", "config"],
  // The Pulumi program, the package's entry and the stack's main.
  ".": ["core", "config", "components", "dynamic-providers"],
  cli: [
    "core",
    "sql",
    "config",
    "databricks-client",
    "dynamic-providers",
    "components",
    "policies",
    ".",
  ],
  scripts: ["cli"],
};

const PRODUCTION = Object.keys(MAY_IMPORT);

/** The layer a repository path belongs to: its top folder, or "." for a file at the root. */
function layerOf(relative: string): string {
  const [first, ...rest] = relative.split("/");
  return rest.length === 0 ? "." : (first ?? ".");
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function productionFiles(): string[] {
  const rootFiles = fs
    .readdirSync(REPO_ROOT)
    .filter((name) => name.endsWith(".ts"))
    .map((name) => path.join(REPO_ROOT, name));
  const folders = PRODUCTION.filter((layer) => layer !== ".");
  return [...rootFiles, ...folders.flatMap((folder) => sourceFiles(path.join(REPO_ROOT, folder)))];
}

/** Relative module specifiers of static imports, re-exports, `import()` and `require()`. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']*)["']/g;
  for (const match of text.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

describe("import direction", () => {
  it("has a rule for every top-level production folder", () => {
    const folders = fs
      .readdirSync(REPO_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .filter((name) => fs.readdirSync(path.join(REPO_ROOT, name)).some((f) => f.endsWith(".ts")));
    const known = [
      ...PRODUCTION,
      "test",
      "jest",
      "bench",
      "demo",
      "examples",
      "node_modules",
      "dist",
      ".bench",
    ];
    expect(folders.filter((folder) => !known.includes(folder))).toEqual([]);
  });

  it("imports only downwards: no production file imports a layer above its own", () => {
    const violations: string[] = [];
    for (const file of productionFiles()) {
      const from = path.relative(REPO_ROOT, file).split(path.sep).join("/");
      const own = layerOf(from);
      const allowed = MAY_IMPORT[own] ?? [];
      for (const specifier of relativeImports(fs.readFileSync(file, "utf8"))) {
        const target = path
          .relative(REPO_ROOT, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join("/");
        const layer = layerOf(target);
        if (layer !== own && !allowed.includes(layer)) {
          violations.push(`${from} imports ${specifier} (${layer}/ is not below ${own}/)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("ships no test code: no production file imports from test/", () => {
    const offenders = productionFiles().filter((file) =>
      relativeImports(fs.readFileSync(file, "utf8")).some((specifier) =>
        path
          .relative(REPO_ROOT, path.resolve(path.dirname(file), specifier))
          .startsWith(`test${path.sep}`),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
