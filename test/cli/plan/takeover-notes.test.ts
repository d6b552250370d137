import { runPlan } from "../../../cli/plan/command";
import type { StackPlan } from "../../../cli/plan/plan-stack";
import { baseModel, baseStack, fixtureProject } from "../../helpers/fixture-project";

/** Issue 13 item 3: taking over what the project did not create is opted into, and loud. */

const grants = { "ml-engineers": ["EXECUTE"], "fraud-batch@example.com": ["EXECUTE"] };

async function planOf(
  stack: Record<string, unknown>,
  models: Record<string, Record<string, unknown>> = { fraud: baseModel() },
) {
  const root = fixtureProject(models, { dev: baseStack(stack) });
  const json = await runPlan({ root, stack: "dev", json: true });
  const text = await runPlan({ root, stack: "dev" });
  return { plan: JSON.parse(json.output) as StackPlan, text: text.output };
}

describe("takeovers in the plan", () => {
  it("by default adopts nothing and grants per principal: no takeover to report", async () => {
    const { plan, text } = await planOf({ governance: { registeredModel: { grants } } });
    expect(plan.models[0]?.takeovers).toEqual([]);
    expect(plan.resources.filter((r) => r.options.import)).toEqual([]);
    expect(plan.resources.filter((r) => r.type === "databricks:index/grants:Grants")).toEqual([]);
    expect(plan.resources.filter((r) => r.type === "databricks:index/grant:Grant")).toHaveLength(2);
    expect(text).not.toMatch(/TAKES OVER/);
  });

  it("says per model who gains and that everyone else loses access when grants are authoritative", async () => {
    const { plan, text } = await planOf({
      governance: { registeredModel: { grants, authoritativeGrants: true } },
    });
    const [line] = plan.models[0]?.takeovers ?? [];
    expect(line).toMatch(
      /^AUTHORITATIVE grants on ml\.models\.fraud \(governance\.registeredModel\.authoritativeGrants\): gain: fraud-batch@example\.com \[EXECUTE\]; ml-engineers \[EXECUTE\]\. Lose: every other principal loses all its privileges on the model/,
    );
    expect(text).toMatch(
      /!! TAKES OVER OBJECTS OR ACCESS THIS PROJECT DID NOT CREATE \(opted in\):\n {2}fraud: AUTHORITATIVE grants on ml\.models\.fraud/,
    );
    expect(text).toMatch(/grants \(authoritative\): .*; every other principal's are revoked/);
  });

  it("names each adopted object, per model, whether adoption is set per stack or per model", async () => {
    const { plan } = await planOf(
      {
        governance: { registeredModel: { adopt: true, owner: "ml-release", grants } },
        models: {
          spam: {
            inference: { adoptProcessedTable: true },
            alerting: { adoptThresholds: true },
            governance: {
              experiment: { adoptId: "42", permissions: { "ml-engineers": "CAN_READ" } },
            },
          },
        },
      },
      { fraud: baseModel(), spam: baseModel({ registeredModel: "ml.models.spam" }) },
    );
    const takeovers = Object.fromEntries(plan.models.map((m) => [m.name, m.takeovers]));
    expect(takeovers.fraud).toEqual([
      expect.stringMatching(
        /^adopts the existing registered model ml\.models\.fraud .*its owner becomes ml-release \(whoever owns it now loses ownership/,
      ),
      expect.stringMatching(
        /^grants on ml\.models\.fraud: gain: .*principals not listed keep theirs$/,
      ),
    ]);
    expect(takeovers.spam).toEqual([
      expect.stringMatching(/^adopts the existing registered model ml\.models\.spam/),
      expect.stringMatching(/^grants on ml\.models\.spam/),
      expect.stringMatching(
        /^adopts the existing experiment 42 .*permissions become exactly: ml-engineers CAN_READ\. Every other user, group and service principal loses its access/,
      ),
      expect.stringMatching(
        /^adopts the existing processed table ml_dev\.inference\.spam_processed/,
      ),
      expect.stringMatching(
        /^takes over this model's existing rows in ml_dev\.monitoring\.drift_thresholds/,
      ),
    ]);
  });
});
