import { code, plain } from "../../../cli/plan-diff/markdown-text";
import { thresholdChanges } from "../../../cli/plan-diff/threshold-changes";

describe("configuration values in the PR comment", () => {
  it("keeps backticks inside a code span that they cannot close", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`x`")).toBe("`` `x` ``");
    expect(code("a``b")).toBe("```a``b```");
  });

  it("shows control characters as escapes, never as line breaks or terminal codes", () => {
    expect(code("a\nb\u001b[31m\u2028")).toBe("`a\\nb\\u001b[31m\\u2028`");
    expect(plain("x\r\ny")).toBe("x\\u000d\\ny");
  });

  it("escapes Markdown, HTML, pipes and mentions in prose", () => {
    expect(plain("a|b *c* <img> @team `d` [e](f)")).toBe(
      "a\\|b \\*c\\* &lt;img&gt; &#64;team \\`d\\` \\[e\\](f)",
    );
  });

  it("writes a threshold whose column holds backticks and newlines as one line", () => {
    const row = (value: number) => ({
      "c/psi/CONSECUTIVE/critical": {
        column: "bad`col\n| x",
        statistic: "psi",
        driftType: "CONSECUTIVE",
        severity: "critical",
        comparator: ">",
        value,
      },
    });
    const lines = thresholdChanges(row(0.2), row(0.3));
    expect(lines).toEqual([
      "threshold ``bad`col\\n| x`` · psi (CONSECUTIVE) · critical: `> 0.2` → `> 0.3`",
    ]);
  });
});
