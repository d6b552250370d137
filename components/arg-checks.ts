import { ALERT_QUERY_FORMS } from "../core/enums";
import { isIdentifier } from "../core/names";
import type { ServingEndpointArgs } from "./ServingEndpoint";

/**
 * What each component checks in its constructor, before it declares anything: pure functions over
 * the arguments, one message per problem. Values that are outputs of other resources (not known
 * yet) are checked by Databricks; everything known here is checked here.
 */

/** Served entities and their traffic, and one sizing: a workload size or a concurrency range. */
export function servingEndpointProblems(args: ServingEndpointArgs): string[] {
  const problems: string[] = [];
  const entities = args.servedEntities;
  if (entities.length === 0 || entities.length > 10)
    problems.push(`servedEntities: give 1 to 10 served entities, got ${entities.length}`);
  const names = new Set<string>();
  entities.forEach((entity, index) => {
    if (names.has(entity.name))
      problems.push(`servedEntities[${index}].name: "${entity.name}" is used twice`);
    names.add(entity.name);
    if ((entity.version === undefined) === (entity.alias === undefined))
      problems.push(`servedEntities[${index}]: give exactly one of version and alias`);
  });
  const traffic = entities.reduce((sum, entity) => sum + entity.trafficPercentage, 0);
  if (entities.length > 0 && traffic !== 100)
    problems.push(`servedEntities: traffic percentages must add up to 100, got ${traffic}`);
  const { workloadSize, minProvisionedConcurrency: min, maxProvisionedConcurrency: max } = args;
  if (workloadSize !== undefined && (min !== undefined || max !== undefined))
    problems.push("workloadSize conflicts with min/maxProvisionedConcurrency: give one of them");
  if ((min === undefined) !== (max === undefined))
    problems.push("give both minProvisionedConcurrency and maxProvisionedConcurrency, or neither");
  if (min !== undefined && max !== undefined && min > max)
    problems.push(`minProvisionedConcurrency (${min}) exceeds maxProvisionedConcurrency (${max})`);
  if (args.timeoutMinutes !== undefined && !(args.timeoutMinutes > 0))
    problems.push(`timeoutMinutes must be positive, got ${args.timeoutMinutes}`);
  return problems;
}

/** At most five failure e-mails, granularities once each, slicing expressions without statements. */
export function qualityMonitorProblems(args: {
  granularities?: readonly string[];
  slicingExprs?: readonly string[];
  failureEmails?: readonly string[];
}): string[] {
  const problems: string[] = [];
  const granularities = args.granularities ?? [];
  if (args.granularities !== undefined && granularities.length === 0)
    problems.push("granularities: give at least one");
  const duplicate = granularities.find((g, i) => granularities.indexOf(g) !== i);
  if (duplicate !== undefined) problems.push(`granularities: "${duplicate}" is given twice`);
  (args.slicingExprs ?? []).forEach((expr, index) => {
    if (/;|--|\/\*/.test(expr))
      problems.push(`slicingExprs[${index}]: may not contain ; or SQL comments`);
  });
  if ((args.failureEmails ?? []).length > 5)
    problems.push("failureEmails: a monitor notifies at most 5 addresses");
  return problems;
}

/** Someone must receive the alerts; re-notification is never negative. */
export function driftAlertsProblems(args: {
  recipients: readonly unknown[];
  retriggerMinutes?: number;
  queryForm?: string;
}): string[] {
  const problems: string[] = [];
  if (args.recipients.length === 0)
    problems.push("recipients: give at least one (an alert nobody receives is silent)");
  if (args.retriggerMinutes !== undefined && !(args.retriggerMinutes >= 0))
    problems.push(`retriggerMinutes must be 0 or more, got ${args.retriggerMinutes}`);
  if (
    args.queryForm !== undefined &&
    !(ALERT_QUERY_FORMS as readonly string[]).includes(args.queryForm)
  )
    problems.push(
      `queryForm must be one of ${ALERT_QUERY_FORMS.join(", ")}, got ${JSON.stringify(args.queryForm)}`,
    );
  return problems;
}

/** `catalog.schema.name`, each part a Unity Catalog identifier. */
export function threeLevelNameProblems(what: string, value: string): string[] {
  const parts = value.split(".");
  return parts.length === 3 && parts.every(isIdentifier)
    ? []
    : [`${what} must be catalog.schema.name, each part letters, digits or _; got "${value}"`];
}

/** Privileges once each; ALL_PRIVILEGES alone. */
export function grantProblems(
  grants: readonly { principal: string; privileges: readonly string[] }[],
): string[] {
  const problems: string[] = [];
  const principals = new Set<string>();
  for (const grant of grants) {
    if (principals.has(grant.principal))
      problems.push(`grants: principal "${grant.principal}" is given twice`);
    principals.add(grant.principal);
    if (grant.privileges.includes("ALL_PRIVILEGES") && grant.privileges.length > 1)
      problems.push(`grants of "${grant.principal}": ALL_PRIVILEGES already includes the others`);
  }
  return problems;
}
