import { renameParameterMarkers } from "../../../cli/day2/parameter-markers";

describe("renameParameterMarkers", () => {
  const rename = { model: "model_3", severity: "severity_3" };

  it("renames markers and nothing else", () => {
    expect(
      renameParameterMarkers("SELECT * FROM t WHERE m = :model AND s = :severity", rename),
    ).toBe("SELECT * FROM t WHERE m = :model_3 AND s = :severity_3");
  });

  it("reads past string literals, quoted names, comments and casts", () => {
    const sql = [
      "SELECT ':model' AS a, \":model\" AS b, 'it\\'s :model' AS c, 'x'':model' AS d, r'\\' AS raw, `:model` AS e,",
      "  x::int AS f -- :model in a comment",
      "/* :severity\n in a block */ FROM t WHERE c = ':table' AND m = :model",
    ].join("\n");
    expect(renameParameterMarkers(sql, rename)).toBe(sql.replace(/:model$/, ":model_3"));
  });

  it("rejects a marker it was not told about, so nothing goes unbound", () => {
    expect(() => renameParameterMarkers("SELECT :model, :since", rename)).toThrow(
      /unexpected parameter marker :since/,
    );
  });

  it("rejects unterminated literals instead of guessing", () => {
    expect(() => renameParameterMarkers("SELECT 'open :model", rename)).toThrow(/unterminated '/);
  });
});
