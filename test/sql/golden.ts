import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Golden files: reviewed copies of generated SQL under test/sql/golden/. A test fails when the
 * generator's output differs from its file. After a deliberate change, regenerate with
 *   UPDATE_GOLDEN=1 npx jest test/sql
 * then review the diff (git diff test/sql/golden) like any other code change.
 */
export const GOLDEN_DIR = path.join(__dirname, "golden");

export function updatingGolden(): boolean {
  return process.env.UPDATE_GOLDEN === "1";
}

/** The file's content: a header comment (so the file stays valid SQL) and the statement. */
export function goldenContent(description: string, sql: string): string {
  return `-- Golden file (${description}). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql\n${sql}\n`;
}

export function expectGolden(fileName: string, content: string): void {
  const file = path.join(GOLDEN_DIR, fileName);
  if (updatingGolden()) {
    fs.mkdirSync(GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, content);
    return;
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `missing golden file ${file}: run UPDATE_GOLDEN=1 npx jest test/sql and review it`,
    );
  }
  expect(content).toBe(fs.readFileSync(file, "utf8"));
}
