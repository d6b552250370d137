import * as fs from "node:fs";
import * as path from "node:path";
import { goldenContent, updatingGolden } from "./golden";

/**
 * Golden files of the alerting SQL (thresholds table statements, alert queries), kept apart
 * from golden/ whose stale-file check lists the processed-table statements. Same workflow:
 *   UPDATE_GOLDEN=1 npx jest test/sql   then review   git diff test/sql/golden-alerting
 * The tests compare with `expect` (this file is also compiled by the build, without Jest types).
 */
export const ALERTING_GOLDEN_DIR = path.join(__dirname, "golden-alerting");

/** The generated file content and the reviewed one (the same when regenerating). */
export function alertingGolden(
  fileName: string,
  description: string,
  sql: string,
): { actual: string; expected: string } {
  const file = path.join(ALERTING_GOLDEN_DIR, fileName);
  const actual = goldenContent(description, sql);
  if (updatingGolden()) {
    fs.mkdirSync(ALERTING_GOLDEN_DIR, { recursive: true });
    fs.writeFileSync(file, actual);
  }
  if (!fs.existsSync(file)) {
    throw new Error(
      `missing golden file ${file}: run UPDATE_GOLDEN=1 npx jest test/sql and review it`,
    );
  }
  return { actual, expected: fs.readFileSync(file, "utf8") };
}

/** Golden files with this prefix, sorted (to compare with the ones the tests write). */
export function alertingGoldenFiles(prefix: string): string[] {
  return fs
    .readdirSync(ALERTING_GOLDEN_DIR)
    .filter((f) => f.startsWith(prefix))
    .sort();
}
