import { TYPES } from "../resource-types";
import { type Finding, type PolicyContext, type PolicyRule, findingOn } from "../rule";
import { type PolicySubject, inputAt, isUnknown, listAt, ofType, textAt } from "../subject";

/** Production keeps serving warm, keeps its data, and keeps its schedules running. */

const isProd = (context: PolicyContext) => context.environment === "prod";

interface Served {
  endpoint: PolicySubject;
  label: string;
  entity: unknown;
}

/** Served entities of every endpoint, including those declared with the deprecated servedModels. */
function servedEntities(resources: readonly PolicySubject[]): Served[] {
  return ofType(resources, TYPES.modelServing).flatMap((endpoint) => {
    const name = textAt(endpoint.inputs, "name") ?? endpoint.name;
    return [
      ...listAt(endpoint.inputs, "config", "servedEntities"),
      ...listAt(endpoint.inputs, "config", "servedModels"),
    ].map((entity, i) => ({
      endpoint,
      label: `served entity ${textAt(entity, "name") ?? `#${i + 1}`} of endpoint ${name}`,
      entity,
    }));
  });
}

export const prodNoScaleToZero: PolicyRule = {
  id: "prod-no-scale-to-zero",
  description:
    "In prod no served entity scales to zero: the first request after idle would wait for a cold start.",
  check(resources, context) {
    if (!isProd(context)) return [];
    return servedEntities(resources)
      .filter(({ entity }) => inputAt(entity, "scaleToZeroEnabled") === true)
      .map(({ endpoint, label }) =>
        findingOn(endpoint, `${label} scales to zero; set scaleToZeroEnabled: false`),
      );
  },
};

/** The concurrency an entity keeps warm, or undefined when it declares none (or it is unknown). */
function warmConcurrency(entity: unknown, context: PolicyContext): number | "unknown" | undefined {
  const min = inputAt(entity, "minProvisionedConcurrency");
  if (isUnknown(min)) return "unknown";
  if (typeof min === "number") return min;
  const size = inputAt(entity, "workloadSize");
  if (isUnknown(size)) return "unknown";
  return typeof size === "string" ? context.settings.workloadSizeConcurrency[size] : undefined;
}

/** External models and provisioned-throughput entities are sized by other means. */
function sizedByConcurrency(entity: unknown): boolean {
  return (
    inputAt(entity, "externalModel") === undefined &&
    inputAt(entity, "minProvisionedThroughput") === undefined &&
    inputAt(entity, "provisionedModelUnits") === undefined
  );
}

export const prodMinConcurrency: PolicyRule = {
  id: "prod-min-concurrency",
  description:
    "In prod every served entity keeps at least the configured concurrency warm (minProvisionedConcurrency, or the workload size's).",
  check(resources, context) {
    if (!isProd(context)) return [];
    const floor = context.settings.prodMinConcurrency;
    const findings: Finding[] = [];
    for (const { endpoint, label, entity } of servedEntities(resources).filter((s) =>
      sizedByConcurrency(s.entity),
    )) {
      const warm = warmConcurrency(entity, context);
      if (warm === "unknown") continue;
      if (warm === undefined) {
        findings.push(
          findingOn(endpoint, `${label} sets neither workloadSize nor minProvisionedConcurrency`),
        );
      } else if (warm < floor) {
        findings.push(
          findingOn(
            endpoint,
            `${label} keeps ${warm} concurrent requests warm; prod needs at least ${floor}`,
          ),
        );
      }
    }
    return findings;
  },
};

export const prodDataProtected: PolicyRule = {
  id: "prod-data-protected",
  description:
    "In prod every resource that holds data (tables, schemas, catalogs, volumes, drift thresholds) is protected and retained on delete.",
  check(resources, context) {
    if (!isProd(context)) return [];
    const dataTypes = new Set(context.settings.dataResourceTypes);
    const findings: Finding[] = [];
    for (const resource of resources.filter((r) => dataTypes.has(r.type))) {
      const missing: string[] = [];
      if (!resource.options.protect) missing.push("protect");
      if (context.seesRetainOnDelete && !resource.options.retainOnDelete)
        missing.push("retainOnDelete");
      if (missing.length > 0) {
        findings.push(
          findingOn(resource, `${resource.name} holds data but lacks ${missing.join(" and ")}`),
        );
      }
    }
    return findings;
  },
};

export const prodSchedulesActive: PolicyRule = {
  id: "prod-schedules-active",
  description: "In prod monitors refresh on a schedule and no job or alert schedule is paused.",
  check(resources, context) {
    if (!isProd(context)) return [];
    const findings: Finding[] = [];
    for (const monitor of ofType(resources, TYPES.qualityMonitor)) {
      if (inputAt(monitor.inputs, "schedule") === undefined) {
        findings.push(
          findingOn(monitor, `monitor ${monitor.name} has no schedule: its metrics go stale`),
        );
      }
    }
    for (const resource of [...ofType(resources, TYPES.job), ...ofType(resources, TYPES.alertV2)]) {
      if (inputAt(resource.inputs, "schedule", "pauseStatus") === "PAUSED") {
        findings.push(findingOn(resource, `${resource.name} has a paused schedule`));
      }
    }
    return findings;
  },
};
