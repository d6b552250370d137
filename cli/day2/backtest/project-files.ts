import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ModelSpec } from "../../../config/model-spec";
import { Day2Error } from "../exit-codes";
import { loadStackContext } from "../stack-context";

/**
 * The files the configuration loader reads (Pulumi.yaml, the stack file, models/, the
 * templates), from this checkout or from a git ref, and their models resolved by the same loader
 * as the plan and the Pulumi program: the files are written to a temporary project folder and
 * loaded from there.
 */

/** Relative path -> content. */
export type ProjectFiles = Map<string, string>;

const MODEL_FILE = /^models\/[^/]+\.ya?ml$/;
const TEMPLATE_FILE = /^config\/templates\/[^/]+\.yaml$/;

export function checkoutFiles(root: string, stack: string): ProjectFiles {
  const files: ProjectFiles = new Map();
  const add = (relative: string) => {
    const full = path.join(root, relative);
    if (fs.existsSync(full)) files.set(relative, fs.readFileSync(full, "utf8"));
  };
  add("Pulumi.yaml");
  add(`Pulumi.${stack}.yaml`);
  for (const dir of ["models", "config/templates"]) {
    const full = path.join(root, dir);
    if (!fs.existsSync(full)) continue;
    for (const entry of fs.readdirSync(full).sort()) {
      const relative = `${dir}/${entry}`;
      if (MODEL_FILE.test(relative) || TEMPLATE_FILE.test(relative)) add(relative);
    }
  }
  return files;
}

function git(root: string, args: readonly string[]): string {
  return execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The commit a ref names in the repository holding `root`, or undefined when it names none. */
export function resolveGitRef(root: string, ref: string): string | undefined {
  // A ref is never an option: nothing the user typed reaches git as one.
  if (ref.startsWith("-") || ref.trim() === "") return undefined;
  try {
    return git(root, [
      "rev-parse",
      "--verify",
      "--quiet",
      "--end-of-options",
      `${ref}^{commit}`,
    ]).trim();
  } catch {
    return undefined;
  }
}

/** The configuration files as they are at `commit` (read with `git show <commit>:<path>`). */
export function gitRefFiles(
  root: string,
  commit: string,
  ref: string,
  stack: string,
): ProjectFiles {
  const prefix = git(root, ["rev-parse", "--show-prefix"]).trim();
  const listed = git(root, [
    "ls-tree",
    "-r",
    "--name-only",
    commit,
    "--",
    `${prefix}models`,
    `${prefix}config/templates`,
  ])
    .split("\n")
    .filter(Boolean)
    .map((name) => name.slice(prefix.length))
    .filter((name) => MODEL_FILE.test(name) || TEMPLATE_FILE.test(name));
  const files: ProjectFiles = new Map();
  for (const relative of ["Pulumi.yaml", `Pulumi.${stack}.yaml`, ...listed]) {
    try {
      files.set(relative, git(root, ["show", `${commit}:${prefix}${relative}`]));
    } catch {
      throw new Day2Error(
        "usage",
        `--thresholds-from ${ref}: ${prefix}${relative} does not exist at that ref, so its configuration of stack ${stack} cannot be read`,
      );
    }
  }
  return files;
}

/** Every enabled model of the stack as these files configure it (a ConfigError becomes a Day2Error naming `label`). */
export function loadModelsFrom(files: ProjectFiles, stack: string, label: string): ModelSpec[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "model-monitoring-backtest-"));
  try {
    for (const [relative, content] of files) {
      fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), content);
    }
    return loadStackContext({ stack, root: dir }).models;
  } catch (error) {
    if (!(error instanceof Day2Error)) throw error;
    throw new Day2Error(
      error.kind,
      `The proposed thresholds (${label}): ${error.message}`,
      error.details,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
