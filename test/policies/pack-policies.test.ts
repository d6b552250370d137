import {
  type PolicyResource,
  type PolicyResourceOptions,
  type StackValidationArgs,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { POLICY_SETTINGS, RULE_IDS } from "../../policies/config";
import { policySubjectOf, stackOfUrn } from "../../policies/pack/policy-subject";
import { stackValidationPolicies, stackValidationPolicy } from "../../policies/pack/stack-policies";
import { POLICY_RULES } from "../../policies/registry";
import type { PolicySubject } from "../../policies/subject";
import { UNKNOWN, monitoredModel, withInputs } from "./fixtures";

/**
 * The pack's policies called the way the policy SDK calls them, without its server (the
 * pack entry, policies/pack/index.ts, is never imported here). Props go through the SDK's
 * own unknownCheckingProxy, as in a real preview.
 */

// The policy SDK's wire value for an unknown string (policy/proxy.js unknownStringValue).
const WIRE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function options(protect: boolean): PolicyResourceOptions {
  return {
    protect,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  };
}

/** Subjects as the SDK would hand them over: proxied props, parents linked. */
function sdkResources(subjects: PolicySubject[], stack = "prod"): PolicyResource[] {
  const byUrn = new Map<string, PolicyResource>();
  const resources = subjects.map((s) => {
    const urn = s.urn.replace(/^urn:pulumi:[^:]+::/, `urn:pulumi:${stack}::`);
    const r: PolicyResource = {
      type: s.type,
      name: s.name,
      urn,
      props: unknownCheckingProxy(
        JSON.parse(
          JSON.stringify(s.inputs).split(JSON.stringify(UNKNOWN)).join(`"${WIRE_UNKNOWN}"`),
        ),
      ),
      opts: options(Boolean(s.options.protect)),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    byUrn.set(s.urn, r);
    return r;
  });
  subjects.forEach((s, i) => {
    const parent = s.parentUrn ? byUrn.get(s.parentUrn) : undefined;
    const r = resources[i];
    if (parent && r) r.parent = parent;
  });
  return resources;
}

function validate(ruleId: string, subjects: PolicySubject[], config: object = {}, stack = "prod") {
  const policy = stackValidationPolicies().find((p) => p.name === ruleId);
  if (!policy) throw new Error(`no policy ${ruleId}`);
  const violations: { message: string; urn?: string }[] = [];
  const args: StackValidationArgs = {
    resources: sdkResources(subjects, stack),
    stackTags: new Map(),
    getConfig: <T extends object>() => config as T,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  };
  void policy.validateStack(args, (message, urn) =>
    violations.push(urn === undefined ? { message } : { message, urn }),
  );
  return violations;
}

describe("policy pack policies", () => {
  it("offers one stack policy per rule with the configured enforcement level", () => {
    const policies = stackValidationPolicies();
    expect(policies.map((p) => [p.name, p.enforcementLevel])).toEqual(
      RULE_IDS.map((id) => [id, POLICY_SETTINGS.enforcement[id]]),
    );
  });

  it("reports a rule's findings against the offending resource", () => {
    const m = monitoredModel();
    const violations = validate(
      "endpoint-monitor",
      m.all.filter((r) => r !== m.monitor),
    );
    expect(violations).toEqual([
      { message: expect.stringContaining("no quality monitor"), urn: m.endpoint.urn },
    ]);
    expect(validate("endpoint-monitor", m.all)).toEqual([]);
  });

  it("turns values unknown during preview into the plan's marker instead of failing", () => {
    const m = monitoredModel();
    const pending = withInputs(m.alert, {
      queryText: UNKNOWN,
      evaluation: { notification: { subscriptions: [{ destinationId: UNKNOWN }] } },
    });
    const subjects = m.all.map((r) => (r === m.alert ? pending : r));
    expect(validate("endpoint-alert", subjects)).toEqual([]);
    expect(
      validate(
        "endpoint-alert",
        subjects.map((r) => (r === pending ? { ...r, parentUrn: undefined } : r)),
      ),
    ).toHaveLength(1);
  });

  it("takes the environment from the stack in the URN", () => {
    const bare = { ...monitoredModel().table, options: {} };
    expect(validate("prod-data-protected", [bare], {}, "prod")).toHaveLength(1);
    expect(validate("prod-data-protected", [bare], {}, "dev")).toEqual([]);
  });

  it("checks protect but not retainOnDelete, which the SDK does not report", () => {
    const protectedOnly = { ...monitoredModel().table, options: { protect: true } };
    expect(validate("prod-data-protected", [protectedOnly])).toEqual([]);
  });

  it("lets the pack config raise the prod concurrency floor", () => {
    const m = monitoredModel();
    const medium = withInputs(m.endpoint, {
      config: { servedEntities: [{ name: "champion", workloadSize: "Medium" }] },
    });
    expect(validate("prod-min-concurrency", [medium])).toEqual([]);
    expect(validate("prod-min-concurrency", [medium], { minConcurrency: 16 })).toHaveLength(1);
  });

  it("maps a stack to an environment through the settings", () => {
    const rule = POLICY_RULES.find((r) => r.id === "prod-data-protected");
    if (!rule) throw new Error("rule missing");
    const policy = stackValidationPolicy(rule, {
      ...POLICY_SETTINGS,
      stackEnvironments: { "prod-eu": "prod" },
    });
    const violations: string[] = [];
    void policy.validateStack(
      {
        resources: sdkResources([{ ...monitoredModel().table, options: {} }], "prod-eu"),
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: () => {
          throw new Error("not applicable");
        },
      },
      (message) => violations.push(message),
    );
    expect(violations).toHaveLength(1);
  });
});

describe("policySubjectOf", () => {
  it("copies type, name, inputs, protect and parent", () => {
    const m = monitoredModel();
    const [component, endpoint] = sdkResources([m.component, m.endpoint]);
    if (!endpoint || !component) throw new Error("fixture");
    const subject = policySubjectOf(endpoint);
    expect(subject).toEqual({
      urn: endpoint.urn,
      type: m.endpoint.type,
      name: m.endpoint.name,
      inputs: m.endpoint.inputs,
      options: { protect: false },
      parentUrn: component.urn,
    });
  });

  it("reads the stack name from a URN", () => {
    expect(
      stackOfUrn("urn:pulumi:prod-eu::model-monitoring::databricks:index/job:Job::refresh"),
    ).toBe("prod-eu");
  });
});
