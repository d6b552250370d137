import {
  MAX_IDENTIFIER_LENGTH,
  formatTableName,
  isIdentifier,
  parseTableName,
  tryParseTableName,
} from "../../core/names";
import { identifierAsStringLiteral, quoteIdentifier, quoteTableName } from "../../sql/quoting";

/** Names an attacker or a typo could put in config; none may reach SQL. */
const HOSTILE: readonly string[] = [
  "",
  "a'b",
  'a"b',
  "a`b",
  "x`; DROP TABLE t; --",
  "a;b",
  "a--b",
  "a/*b*/",
  "a b",
  " a",
  "a\nb",
  "a\tb",
  "a.b",
  "a-b",
  "1abc",
  "café",
  "ｆｕｌｌｗｉｄｔｈ",
  "a\u0000b",
  "a\\b",
  "x".repeat(MAX_IDENTIFIER_LENGTH + 1),
];

describe("isIdentifier", () => {
  it.each(["a", "_", "_x", "Feature_1", "ABC", "x".repeat(MAX_IDENTIFIER_LENGTH)])(
    "accepts %p",
    (name) => expect(isIdentifier(name)).toBe(true),
  );

  it.each(HOSTILE)("rejects %p", (name) => expect(isIdentifier(name)).toBe(false));

  it.each([undefined, null, 42, {}, ["a"]])("rejects the non-string %p", (value) =>
    expect(isIdentifier(value)).toBe(false),
  );
});

describe("quoteIdentifier", () => {
  it("wraps an accepted name in backticks", () => {
    expect(quoteIdentifier("tenure_months")).toBe("`tenure_months`");
  });

  it.each(HOSTILE)("throws for %p, naming the value", (name) => {
    const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
    expect(() => quoteIdentifier(name, "feature name")).toThrow(shown);
    expect(() => quoteIdentifier(name, "feature name")).toThrow(/invalid feature name/);
  });

  it("gives the length of an over-long name", () => {
    expect(() => quoteIdentifier("x".repeat(300))).toThrow("(300 chars)");
  });
});

describe("identifierAsStringLiteral", () => {
  it("quotes an accepted name as a string", () => {
    expect(identifierAsStringLiteral("plan")).toBe("'plan'");
  });

  it.each(HOSTILE)("throws for %p", (name) => {
    expect(() => identifierAsStringLiteral(name)).toThrow(/invalid identifier/);
  });
});

describe("table names", () => {
  const name = { catalog: "ml_prod", schema: "churn", table: "churn_endpoint_payload" };

  it("formats and quotes three parts", () => {
    expect(formatTableName(name)).toBe("ml_prod.churn.churn_endpoint_payload");
    expect(quoteTableName(name)).toBe("`ml_prod`.`churn`.`churn_endpoint_payload`");
  });

  it("round-trips through parseTableName", () => {
    expect(parseTableName(formatTableName(name))).toEqual(name);
  });

  it.each([
    ["a.b", /expected catalog\.schema\.table/],
    ["a.b.c.d", /expected catalog\.schema\.table/],
    ["a..c", /schema name "" \(0 chars\)/],
    ["a.b.c;", /table name "c;"/],
    ["a.`b`.c", /schema name "`b`"/],
    ["", /expected catalog\.schema\.table/],
  ])("rejects %p", (text, message) => {
    const result = tryParseTableName(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
    expect(() => parseTableName(text)).toThrow(message);
    expect(() => parseTableName(text)).toThrow(JSON.stringify(text));
  });

  it("rejects a non-string", () => {
    expect(() => parseTableName(7)).toThrow(/expected a string/);
  });

  it.each(HOSTILE)("quoteTableName rejects the table part %p", (bad) => {
    expect(() => quoteTableName({ ...name, table: bad })).toThrow(/invalid table name/);
    expect(() => quoteTableName({ ...name, catalog: bad })).toThrow(/invalid catalog name/);
    expect(() => formatTableName({ ...name, schema: bad })).toThrow(/invalid schema name/);
  });
});
