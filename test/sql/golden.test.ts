import * as fs from "node:fs";
import { GOLDEN_DIR, expectGolden, goldenContent, updatingGolden } from "./golden";
import { GOLDEN_STATEMENTS } from "./fixtures/golden-statements";

describe("golden files", () => {
  it.each(GOLDEN_STATEMENTS.map((s) => [s.file, s] as const))("%s matches", (_file, statement) => {
    expectGolden(statement.file, goldenContent(statement.description, statement.sql()));
  });

  it("has no stale files", () => {
    if (updatingGolden()) return;
    const expected = GOLDEN_STATEMENTS.map((s) => s.file).sort();
    expect(fs.readdirSync(GOLDEN_DIR).sort()).toEqual(expected);
  });
});
