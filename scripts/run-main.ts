import { CommanderError } from "commander";

/**
 * Runs a script's main with the project's exit codes: 0 done, 1 failed, 2 usage error.
 * Commander reports --help and usage errors by throwing (exitOverride).
 */
export function runMain(main: (argv: string[]) => Promise<number>): void {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode === 0 ? 0 : 2;
        return;
      }
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    },
  );
}
