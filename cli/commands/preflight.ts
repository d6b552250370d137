import type { Day2Options, Day2Result, Day2Run } from "../day2/command";
import type { CheckName } from "../day2/preflight/check-catalogue";
import { runPreflight } from "../day2/preflight/run-preflight";
import { readStackState } from "../day2/preflight/state-file";

/**
 * `preflight`: before `pulumi up`, check the live workspace for what no offline plan can know
 * (identity, warehouse, catalog objects and privileges, served versions, tables the
 * configuration names, existing endpoints and tables), read-only, with a bounded number of
 * requests and at most one SQL statement. Exit 0 ready, 1 a check failed, 2 not all could be
 * checked.
 */

export interface PreflightCommandOptions extends Day2Options {
  markdown?: boolean;
  state?: string;
  skip?: CheckName[];
}

export function preflight(run: Day2Run, options: PreflightCommandOptions): Promise<Day2Result> {
  return runPreflight(run, {
    ...(options.json === undefined ? {} : { json: options.json }),
    ...(options.markdown === undefined ? {} : { markdown: options.markdown }),
    skip: options.skip ?? [],
    ...(options.state === undefined ? {} : { state: readStackState(options.state) }),
  });
}
