import type { ModelSpec } from "../../../config/model-spec";
import { processedTableSpecOf } from "../../../core/processed-table-spec";
import { formatTableName } from "../../../core/names";
import { processedTableColumns } from "../../../sql/processed-table-columns";
import { WAITING_FOR_FIRST_REQUEST } from "../../../core/model-stage";
import type { ValidationCheck } from "../json-output";
import { formatNumber, formatShare } from "../output";
import {
  compareColumns,
  describeMismatch,
  matches,
  payloadColumnsComparison,
} from "./column-checks";
import type { InferenceStatsRow } from "./inference-stats-sql";
import type { TableLookup } from "./table-info";

/**
 * The validation of one model's inference tables as named checks, each pass, fail, waiting (no
 * request logged yet: nothing is wrong, there is nothing to check) or skipped (when an earlier
 * check already failed, or there is nothing to measure). Pure.
 */

export interface ValidationLimits {
  days: number;
  /** Undefined: the model's dataQuality.maxStalenessHours (what its staleness alert uses). */
  maxAgeHours?: number;
  maxFailedShare: number;
  maxUnparsedShare: number;
}

type Check = ValidationCheck;
const pass = (
  check: Check["check"],
  detail: string,
  value: number | null = null,
  limit: number | null = null,
): Check => ({ check, status: "pass", detail, value, limit });
const fail = (
  check: Check["check"],
  detail: string,
  value: number | null = null,
  limit: number | null = null,
): Check => ({ check, status: "fail", detail, value, limit });
const waiting = (check: Check["check"], detail: string): Check => ({
  check,
  status: "waiting",
  detail,
  value: null,
  limit: null,
});
const skipped = (check: Check["check"], detail: string): Check => ({
  check,
  status: "skipped",
  detail,
  value: null,
  limit: null,
});

export interface TableChecks {
  checks: Check[];
  /** Whether the statistics statement may read the table. */
  readPayload: boolean;
  readProcessed: boolean;
  /** The payload table does not exist yet: no request has been logged. */
  payloadMissing: boolean;
}

/** Existence and columns, from Unity Catalog. */
export function tableChecks(
  spec: ModelSpec,
  payload: TableLookup,
  processed: TableLookup,
): TableChecks {
  const payloadName = formatTableName(spec.inference.payloadTable);
  const processedName = formatTableName(spec.inference.processedTable);
  const checks: Check[] = [];

  let readPayload = false;
  if (payload.kind === "unreadable") {
    checks.push(fail("payload-table", `${payloadName} cannot be looked up: ${payload.message}`));
  } else if (payload.kind === "missing") {
    // UNCONFIRMED whether Databricks creates it on enable or with the first logged request: a
    // missing table means no request yet (if requests were sent, check that the endpoint's AI
    // Gateway inference table is enabled with this catalog, schema and prefix).
    checks.push(
      waiting(
        "payload-table",
        `${WAITING_FOR_FIRST_REQUEST}: ${payloadName} does not exist yet; Databricks creates it for the endpoint's AI Gateway inference table (pulumi up enables it), at the latest with the first logged request`,
      ),
    );
  } else {
    const comparison = payloadColumnsComparison(payload.info);
    const legacy = (payload.info.columns ?? []).some((c) => c.name === "timestamp_ms");
    if (matches(comparison)) {
      readPayload = true;
      checks.push(
        pass("payload-table", `${payloadName} exists with the columns the refresh reads`),
      );
    } else {
      checks.push(
        fail(
          "payload-table",
          `${payloadName}: ${describeMismatch(comparison)}${legacy ? " (a legacy auto_capture_config table: enable the AI Gateway inference table instead)" : ""}`,
        ),
      );
    }
  }

  let readProcessed = false;
  if (processed.kind !== "found") {
    checks.push(
      fail(
        "processed-table",
        processed.kind === "missing"
          ? `${processedName} does not exist: pulumi up creates it`
          : `${processedName} cannot be looked up: ${processed.message}`,
      ),
    );
    checks.push(skipped("processed-schema", "no processed table"));
  } else {
    checks.push(pass("processed-table", `${processedName} exists`));
    const expected = processedTableColumns(processedTableSpecOf(spec));
    const comparison = compareColumns(processed.info, expected);
    const extra =
      comparison.extra.length > 0
        ? `; other columns (not read): ${comparison.extra.join(", ")}`
        : "";
    if (matches(comparison)) {
      readProcessed = true;
      checks.push(
        pass(
          "processed-schema",
          `${expected.length} columns with the declared names and types${extra}`,
        ),
      );
    } else {
      checks.push(
        fail(
          "processed-schema",
          `${describeMismatch(comparison)}${extra} (declared in models/${spec.name}.yaml)`,
        ),
      );
    }
  }
  return { checks, readPayload, readProcessed, payloadMissing: payload.kind === "missing" };
}

/** Freshness and shares, from the statistics statement (or why it failed). */
export function statisticsChecks(
  spec: ModelSpec,
  tables: TableChecks,
  stats: InferenceStatsRow | undefined,
  failure: string | undefined,
  limits: ValidationLimits,
): Check[] {
  const maxAge = limits.maxAgeHours ?? spec.dataQuality.maxStalenessHours;
  const window = `the last ${limits.days} day(s)`;
  const unreadable = (table: string) =>
    table === "payload" && tables.payloadMissing
      ? "no payload table yet"
      : `${table} table not readable`;
  const unmeasured = (check: Check["check"], readable: boolean, table: string): Check =>
    !readable
      ? skipped(check, unreadable(table))
      : fail(check, `could not be measured: ${failure ?? "no result"}`);

  const freshness = (
    check: Check["check"],
    table: string,
    newest: unknown,
    ageMinutes: number | null | undefined,
    noRowsYet: boolean,
  ): Check => {
    if (ageMinutes === null || ageMinutes === undefined || newest === null) {
      return noRowsYet
        ? waiting(check, `${WAITING_FOR_FIRST_REQUEST}: no rows in the ${table} table yet`)
        : fail(check, `no rows in the ${table} table`, null, maxAge);
    }
    const hours = Number(ageMinutes) / 60;
    const detail = `newest row ${hours.toFixed(1)} h old (limit ${formatNumber(maxAge)} h)`;
    return hours > maxAge ? fail(check, detail, hours, maxAge) : pass(check, detail, hours, maxAge);
  };
  const share = (
    check: Check["check"],
    part: number | null | undefined,
    whole: number | null | undefined,
    max: number,
    what: string,
  ): Check => {
    if (whole === null || whole === undefined || Number(whole) === 0)
      return skipped(check, `no rows in ${window}`);
    const value = Number(part ?? 0) / Number(whole);
    const detail = `${Number(part ?? 0)} of ${Number(whole)} ${what} (${formatShare(value)}, limit ${formatShare(max)}) in ${window}`;
    return value > max ? fail(check, detail, value, max) : pass(check, detail, value, max);
  };

  if (stats === undefined) {
    return [
      unmeasured("payload-freshness", tables.readPayload, "payload"),
      unmeasured("processed-freshness", tables.readProcessed, "processed"),
      unmeasured("failed-requests", tables.readPayload, "payload"),
      unmeasured("unparsed-rows", tables.readProcessed, "processed"),
    ];
  }
  const checks: Check[] = [];
  // No request logged (no payload table, or no rows in it): nothing to process yet either.
  const noRequestYet =
    tables.payloadMissing || (tables.readPayload && stats.payload_newest === null);
  checks.push(
    tables.readPayload
      ? freshness(
          "payload-freshness",
          "payload",
          stats.payload_newest,
          stats.payload_age_minutes,
          true,
        )
      : skipped("payload-freshness", unreadable("payload")),
  );
  if (tables.readProcessed) {
    const processed = freshness(
      "processed-freshness",
      "processed",
      stats.processed_newest,
      stats.processed_age_minutes,
      noRequestYet,
    );
    const payloadFresh = checks[0]?.status === "pass";
    if (processed.status === "fail" && payloadFresh) {
      processed.detail +=
        ": requests are arriving but not processed (is the processing job running, or paused?)";
    }
    checks.push(processed);
  } else checks.push(skipped("processed-freshness", "processed table not readable"));
  checks.push(
    tables.readPayload
      ? share(
          "failed-requests",
          stats.failed_requests,
          stats.payload_requests,
          limits.maxFailedShare,
          "requests failed (status other than 200)",
        )
      : skipped("failed-requests", unreadable("payload")),
  );
  checks.push(
    tables.readProcessed
      ? share(
          "unparsed-rows",
          stats.rows_without_features,
          stats.rows_checked,
          limits.maxUnparsedShare,
          "processed rows have no feature (request not parsed)",
        )
      : skipped("unparsed-rows", "processed table not readable"),
  );
  return checks;
}

/**
 * A payload table that does not exist is a wait only while nothing was processed either: with
 * rows in the processed table, requests were logged, so a missing payload table was dropped or
 * moved, which fails.
 */
export function settleWaiting(spec: ModelSpec, checks: readonly Check[]): Check[] {
  const processed = checks.find((c) => c.check === "processed-freshness");
  const processedRows = processed !== undefined && processed.value !== null;
  if (!processedRows) return [...checks];
  return checks.map((c) =>
    c.check === "payload-table" && c.status === "waiting"
      ? fail(
          c.check,
          `${formatTableName(spec.inference.payloadTable)} does not exist, although the processed table has rows: was it dropped, or did the inference table move?`,
        )
      : c,
  );
}
