import { POLICY_SETTINGS, RULE_IDS } from "../../policies/config";
import { evaluatePolicies } from "../../policies/evaluate";
import { POLICY_RULES } from "../../policies/registry";
import { monitoredModel, withInputs, replace } from "./fixtures";

describe("the rule registry", () => {
  it("holds exactly one rule per configured id", () => {
    expect(POLICY_RULES.map((r) => r.id).sort()).toEqual([...RULE_IDS].sort());
  });
});

describe("evaluatePolicies", () => {
  const prod = { stack: "prod", environment: "prod" };

  it("reports nothing for a fully monitored prod model", () => {
    const report = evaluatePolicies(monitoredModel().all, prod);
    expect(report).toMatchObject({ violations: [], mandatory: 0, advisory: 0 });
    expect(report.rules).toHaveLength(RULE_IDS.length);
  });

  it("labels each violation with its rule's enforcement and counts them", () => {
    const m = monitoredModel();
    const resources = replace(
      m.all.filter((r) => r !== m.alert),
      withInputs(m.endpoint, {
        config: {
          servedEntities: [{ name: "champion", workloadSize: "Small", scaleToZeroEnabled: true }],
        },
      }),
    );
    const report = evaluatePolicies(resources, prod);
    expect(report.violations.map((v) => [v.rule, v.enforcement])).toEqual([
      ["endpoint-alert", "mandatory"],
      ["prod-no-scale-to-zero", "mandatory"],
    ]);
    expect(report).toMatchObject({ mandatory: 2, advisory: 0 });
  });

  it("follows the settings: a disabled rule does not run, a flipped one changes level", () => {
    const m = monitoredModel();
    const noAlert = m.all.filter((r) => r !== m.alert);
    const disabled = {
      ...POLICY_SETTINGS,
      enforcement: { ...POLICY_SETTINGS.enforcement, "endpoint-alert": "disabled" as const },
    };
    const advisory = {
      ...POLICY_SETTINGS,
      enforcement: { ...POLICY_SETTINGS.enforcement, "endpoint-alert": "advisory" as const },
    };
    expect(evaluatePolicies(noAlert, prod, disabled)).toMatchObject({
      violations: [],
      advisory: 0,
    });
    expect(evaluatePolicies(noAlert, prod, disabled).rules.map((r) => r.id)).not.toContain(
      "endpoint-alert",
    );
    expect(evaluatePolicies(noAlert, prod)).toMatchObject({ mandatory: 1, advisory: 0 });
    expect(evaluatePolicies(noAlert, prod, advisory)).toMatchObject({ mandatory: 0, advisory: 1 });
  });

  it("applies prod rules by environment, not by stack name", () => {
    const m = monitoredModel();
    const bare = [{ ...m.table, options: {} }];
    expect(evaluatePolicies(bare, { stack: "prod-eu", environment: "prod" }).mandatory).toBe(1);
    expect(evaluatePolicies(bare, { stack: "prod", environment: "acc" }).mandatory).toBe(0);
  });
});
