import * as fs from "node:fs";
import * as path from "node:path";
import { runPlan } from "../../../cli/plan/command";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { codeFence, codeSpan, escapeCell } from "../../../cli/plan/markdown-cell";
import { baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

/** Issue 13, item 7: what the stack file and Pulumi.yaml may not slip past the plan. */

async function planOf(root: string, stack = "dev"): Promise<{ exitCode: number; plan: StackPlan }> {
  const { exitCode, output } = await runPlan({ root, stack, json: true, sql: false });
  return { exitCode, plan: JSON.parse(output) as StackPlan };
}

/**
 * Shaped like a Databricks personal access token (dapi + 32 hex digits), built at run time so
 * that no token-shaped string is committed: secret scanners flag the literal.
 */
const TOKEN_SHAPED = ["dapi", "0123456789abcdef".repeat(2)].join("");

describe("plain-text secrets in a stack file", () => {
  it.each([
    ["databricks:token", TOKEN_SHAPED, ""],
    // A key whose name says nothing: refused for its token-shaped value.
    ["model-monitoring:note", TOKEN_SHAPED, ""],
    ["databricks:clientSecret", "s3cr3t", ""],
    ["model-monitoring:slackWebhookToken", "xoxb-1", ""],
  ])("refuses %s in plain text with the command to run, never echoing it", async (key, value) => {
    const root = fixtureProject({ fraud: baseModel() }, { dev: { ...baseStack(), [key]: value } });
    const { exitCode, plan } = await planOf(root);
    expect(exitCode).toBe(1);
    const p = plan.problems.find((x) => x.path === key);
    expect(p?.file).toBe("Pulumi.dev.yaml");
    expect(p?.message).toContain(`\`pulumi config set --secret ${key} --stack dev\``);
    expect(JSON.stringify(plan)).not.toContain(value);
  });

  it("accepts the encrypted form", async () => {
    const root = fixtureProject(
      { fraud: baseModel() },
      { dev: { ...baseStack(), "databricks:token": { secure: "v1:abc" } } },
    );
    expect((await planOf(root)).exitCode).toBe(0);
  });
});

describe("a broken Pulumi.yaml", () => {
  it("is named as the project file, with the line", async () => {
    const root = fixtureProject({ fraud: baseModel() }, { dev: baseStack() });
    fs.appendFileSync(path.join(root, "Pulumi.yaml"), "name: [unclosed\n");
    const { exitCode, plan } = await planOf(root);
    expect(exitCode).toBe(1);
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toMatchObject({
      file: "Pulumi.yaml",
      path: expect.stringMatching(/^line \d+/),
    });
    expect(plan.problems[0]?.message).toMatch(/^the Pulumi project file: not valid YAML/);
  });

  it("without a name is named too", async () => {
    const root = fixtureProject({ fraud: baseModel() }, { dev: baseStack() });
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "runtime: nodejs\n");
    const { plan } = await planOf(root);
    expect(plan.problems).toEqual([expect.objectContaining({ file: "Pulumi.yaml", path: "name" })]);
  });
});

describe("one pass across the stack file and the configuration", () => {
  it("reports what Pulumi refuses and what the program refuses together, each key once", async () => {
    const root = fixtureProject(
      { fraud: baseModel({ serving: { workloadSize: "Huge" } }) },
      { dev: { ...baseStack(), failureEmails: "team@example.com" } },
    );
    const { plan } = await planOf(root);
    expect(plan.problems.map((p) => `${p.file} ${p.path}`).sort()).toEqual([
      "Pulumi.dev.yaml model-monitoring:failureEmails",
      "models/fraud.yaml serving.workloadSize",
    ]);
  });
});

describe("Markdown from configuration", () => {
  it("escapes every control character and backtick", () => {
    const cell = escapeCell("a`b\u0000c\u001b[31md\u007fe\rf|g\nh");
    expect(cell).toBe("a\\`b\\u0000c\\u001b[31md\\u007fe\\u000df\\|g h");
    // eslint-disable-next-line no-control-regex
    expect(cell).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it("keeps a code span and a fence closed whatever backticks the text holds", () => {
    expect(codeSpan("models.x`y")).toBe("``models.x`y``");
    const [open, , close] = codeFence("COMMENT '```\n</details>'", "sql");
    expect(open).toBe("````sql");
    expect(close).toBe("````");
  });

  it("escapes a template note with backticks and control characters in the PR comment", async () => {
    const root = fixtureProject({ fraud: baseModel() }, { dev: baseStack() });
    const template = path.join(root, "config", "templates", "classification.yaml");
    fs.appendFileSync(template, 'note: "see ```\\u0007 </details> | x"\n');
    const { output } = await runPlan({ root, stack: "dev", markdown: true, sql: false });
    expect(output).toContain("> see \\`\\`\\`\\u0007 &lt;/details&gt; \\| x");
    // eslint-disable-next-line no-control-regex
    expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });
});
