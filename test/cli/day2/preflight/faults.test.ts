import { fraudModel } from "../support/scenarios";
import {
  DEPLOYER_TOKEN,
  grantDeployerStack,
  startPreflightWorld,
  type PreflightWorld,
} from "./support";
import type { ErrorOutput } from "../../../../cli/day2/json-output";
import type { PreflightOutput } from "../../../../cli/day2/preflight/output-schema";

/**
 * preflight under the fault suite's faults (30% of requests to the workspace and the warehouse:
 * 429, 503, resets before and after a request was applied, late answers) with the harness's
 * short retry budget: every run either reports exactly what a run without faults reports, or
 * exits 2 naming the parts it could not conclude. Never a different verdict.
 */

const SEEDS = (process.env.FAULT_SEEDS ?? "2,14").split(",").map(Number);

let w: PreflightWorld;
let reference: { exitCode: number; checks: unknown };
const essence = (output: PreflightOutput) =>
  output.checks.map((c) => [c.check, c.model, c.subject, c.status]);

beforeAll(async () => {
  w = await startPreflightWorld({
    a: fraudModel(),
    b: fraudModel({ version: "9" }),
    c: fraudModel({ inference: { modelIdSource: "system_table" } }),
  });
  grantDeployerStack(w);
  const { exitCode, output } = await w.asDeployer();
  reference = { exitCode, checks: essence(output) };
});
afterAll(() => w.close());

describe("preflight under faults", () => {
  it.each(SEEDS)(
    "seed %i: the same report, or exit 2 naming what was not concluded",
    async (seed) => {
      w.workspace.faults.random({ seed, rate: 0.3, retryAfterSeconds: 1, delayMs: 1000 });
      w.warehouse.faults.random({
        seed: seed + 7919,
        rate: 0.3,
        retryAfterSeconds: 1,
        delayMs: 1000,
      });
      let run;
      try {
        run = await w.run(["preflight", "--stack", "dev", "--json"], {
          env: { DATABRICKS_TOKEN: DEPLOYER_TOKEN },
        });
      } finally {
        w.workspace.faults.clear();
        w.warehouse.faults.clear();
      }
      const json = run.json<PreflightOutput & ErrorOutput>();
      if (run.exitCode === 2 && json.error !== undefined) {
        expect(json.error.message).toMatch(/\(not concluded: the preflight of 3 model\(s\)\)$/);
        expect(json.error.details.some((l) => l.startsWith("not concluded: "))).toBe(true);
      } else {
        expect({ exitCode: run.exitCode, checks: essence(json) }).toEqual(reference);
      }
      expect(run.stdout).not.toContain(DEPLOYER_TOKEN);
      // Not vacuous: the reference run found the missing version and the unreadable table.
      expect(reference.exitCode).toBe(1);
    },
  );
});
