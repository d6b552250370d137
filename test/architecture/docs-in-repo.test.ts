import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../helpers/fixture-project";

/** Comments cite facts that live in this repository (docs/), never notes outside it. */

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", "dist", ".bench", ".ci", ".git"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|md|yml)$/.test(entry.name) ? [full] : [];
  });
}

describe("docs inside the repository", () => {
  const files = sourceFiles(REPO_ROOT);

  it("cites no reference file outside the repository", () => {
    const outside = /shared\/reference|reference §|reference\/databricks-api|databricks-api\.md §/;
    const offenders = files.filter(
      (file) => file !== __filename && outside.test(fs.readFileSync(file, "utf8")),
    );
    expect(offenders.map((file) => path.relative(REPO_ROOT, file))).toEqual([]);
  });

  it("cites only docs/ files that exist", () => {
    const missing = new Set<string>();
    for (const file of files) {
      for (const match of fs.readFileSync(file, "utf8").matchAll(/\bdocs\/([\w-]+\.md)/g)) {
        if (!fs.existsSync(path.join(REPO_ROOT, "docs", match[1] ?? ""))) missing.add(match[0]);
      }
    }
    expect([...missing]).toEqual([]);
  });
});
