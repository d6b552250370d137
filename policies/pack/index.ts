import { PolicyPack } from "@pulumi/policy";
import { stackValidationPolicies } from "./stack-policies";

// Entry of the policy pack: `pulumi preview --policy-pack policies/pack`. Constructing the
// pack starts the analyzer's gRPC server, so nothing else (tests included) imports this file.
new PolicyPack("model-monitoring", {
  description: "Guardrails for model monitoring on Databricks (same rules as the offline plan)",
  policies: stackValidationPolicies(),
});
