import type { ModelSpec } from "../../../config/model-spec";
import type { Day2Result, Day2Run } from "../command";
import { Day2Error } from "../exit-codes";
import { notConcludedError } from "../not-concluded";
import { jsonText } from "../output";
import type { CheckName } from "./check-catalogue";
import { checkBaselineTable, checkLabelsTable } from "./check-config-tables";
import { checkEndpoint } from "./check-endpoint";
import { checkIdentity } from "./check-identity";
import { checkInferenceTables } from "./check-inference-tables";
import { checkAlertScript } from "./check-alert-script";
import { checkMetricTables } from "./check-metric-tables";
import { checkNamespaces } from "./check-namespaces";
import { checkPrivileges } from "./check-privileges";
import { checkProcessingJob } from "./check-processing-job";
import { checkRegisteredModel } from "./check-registered-model";
import { countByStatus, exitCodeOf, skipped, sortChecks } from "./check-result";
import { checkState, stateNotGiven } from "./check-state";
import { checkThresholdsTable } from "./check-thresholds-table";
import { checkWarehouse } from "./check-warehouse";
import type { WorkspaceFacts } from "./facts";
import { gatherFacts } from "./gather-facts";
import { preflightOutput, type PreflightCheck, type PreflightOutput } from "./output-schema";
import { readIdentity } from "./read-identity";
import { renderPreflightMarkdown, renderPreflightText } from "./render-preflight";
import type { StackState } from "./state-file";
import { WorkspaceReader } from "./workspace-reader";

export interface PreflightOptions {
  json?: boolean;
  markdown?: boolean;
  /** Checks left out (reported as skipped). */
  skip: readonly CheckName[];
  state?: StackState;
}

/**
 * The preflight: who the credentials are first (nothing else can be read without that), then
 * every fact in a few parallel rounds (gather-facts.ts), then each check as a pure function of
 * the facts, worst first. A read that could not be concluded ends the run with exit 2 naming
 * it; nothing partial is reported as a result.
 */
export async function runPreflight(run: Day2Run, options: PreflightOptions): Promise<Day2Result> {
  const { models, stack } = run.context;
  const settings = run.connection.settings();
  const warehouseId = settings.warehouseId;
  if (warehouseId === undefined || warehouseId === "") {
    throw new Day2Error(
      "settings",
      "No SQL warehouse: set model-monitoring:warehouseId, --warehouse-id or DATABRICKS_WAREHOUSE_ID.",
    );
  }
  const reader = new WorkspaceReader(run.connection.rest());
  const identity = await run.progress.task("Asking who the credentials are", () =>
    readIdentity(reader, settings),
  );
  if (identity === undefined) throw unconcluded(reader, models);

  let checks: PreflightCheck[] = checkIdentity(identity, settings.host, models);
  if (identity.kind === "known") {
    const facts = await run.progress.task(
      `Reading the workspace for ${models.length} model(s)`,
      () => gatherFacts(reader, models, identity.identity, warehouseId, () => run.connection.sql()),
    );
    if (facts === undefined) throw unconcluded(reader, models);
    checks = [...checks, ...allChecks(facts, models, options.state)];
  }
  checks = checks.map((c) =>
    options.skip.includes(c.check) && c.check !== "identity"
      ? skipped({ ...c, detail: `skipped (--skip ${c.check})` })
      : c,
  );

  const exitCode = exitCodeOf(checks);
  const output: PreflightOutput = {
    command: "preflight",
    stack,
    ok: exitCode === 0,
    exitCode,
    identity: identity.kind === "known" ? identity.identity : null,
    stateFile: options.state?.file ?? null,
    summary: countByStatus(checks),
    checks: sortChecks(checks),
    requests: reader.requests(),
    sqlStatements: run.connection.statementsSent(),
  };
  return {
    exitCode,
    output: options.json
      ? jsonText(preflightOutput, output)
      : options.markdown
        ? renderPreflightMarkdown(output)
        : renderPreflightText(output, run.colour),
  };
}

function allChecks(
  facts: WorkspaceFacts,
  models: readonly ModelSpec[],
  state: StackState | undefined,
): PreflightCheck[] {
  return [
    ...checkWarehouse(facts),
    ...checkNamespaces(facts, models),
    ...checkPrivileges(facts, models),
    ...checkProcessingJob(facts, models),
    ...checkAlertScript(facts, models),
    ...checkThresholdsTable(facts, models),
    ...models.flatMap((spec) => [
      checkRegisteredModel(facts, spec),
      checkEndpoint(facts, spec),
      ...checkLabelsTable(facts, spec),
      ...checkBaselineTable(facts, spec),
      ...checkInferenceTables(facts, spec),
      ...checkMetricTables(facts, spec),
      ...checkState(facts, spec, state),
    ]),
    ...(state === undefined ? [stateNotGiven()] : []),
  ];
}

function unconcluded(reader: WorkspaceReader, models: readonly ModelSpec[]): Day2Error {
  return notConcludedError(
    `the preflight of ${models.length} model(s)`,
    reader.unconcluded,
    reader.concluded,
  );
}
