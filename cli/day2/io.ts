/**
 * Where a day-2 command writes and what it may look at: results go to stdout, progress to
 * stderr (so `--json > file` stays clean), and the environment is passed in rather than read
 * from `process.env` deep inside, so tests run commands in-process with their own settings.
 */
export interface Day2Io {
  stdout: (text: string) => void;
  /** Whether stdout is a terminal (colours). */
  stdoutIsTty: boolean;
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

export function processIo(): Day2Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
    stderr: process.stderr,
    env: process.env,
  };
}

/** CI systems set CI=true (GitHub Actions, Azure Pipelines as TF_BUILD, GitLab, ...). */
export function runningInCi(env: Record<string, string | undefined>): boolean {
  const ci = env.CI?.toLowerCase();
  return (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") || env.TF_BUILD === "True";
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(io: Day2Io): boolean {
  return io.stdoutIsTty && (io.env.NO_COLOR ?? "") === "" && !runningInCi(io.env);
}
