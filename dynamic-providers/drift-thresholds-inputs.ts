import type * as pulumi from "@pulumi/pulumi";
import type { ZodType } from "zod";
import { COMPARATORS } from "../core/drift-statistics";
import { isIdentifier, isModelName, tryParseTableName } from "../core/names";
import {
  ALL_STATISTICS,
  CHECK_TYPES,
  DATA_QUALITY,
  DATA_QUALITY_STATISTICS,
  thresholdKey,
  type ThresholdRow,
} from "../core/threshold-rows";
import { containsUnknown, isUnknown } from "./shared/unknowns";
import { SEVERITIES } from "../core/enums";
import { TABLE_LEVEL_COLUMN } from "../core/columns";

/**
 * The inputs of a DriftThresholds resource, and `check`: every problem at once, with unknown
 * values (preview) left alone. Runs in the provider process, loaded by path (never serialized),
 * so zod is safe here; the schema is still built on first use, not at import.
 */

export interface DriftThresholdsInputs {
  /** `catalog.schema.table` of the thresholds table. */
  table: string;
  /** The model whose rows these are (models/<name>.yaml). */
  model: string;
  /** Rows keyed by `column/statistic/drift type/severity`. */
  thresholds: Record<string, ThresholdRow>;
  /** Take over rows that already exist instead of refusing to overwrite them. */
  adopt: boolean;
  /** The SQL warehouse that holds the table, over the provider's configured one. */
  warehouseId?: string;
}

let rowSchema: ZodType<ThresholdRow> | undefined;

function thresholdRowSchema(): ZodType<ThresholdRow> {
  if (rowSchema !== undefined) return rowSchema;
  const { z } = require("zod") as typeof import("zod");
  const dataQuality = DATA_QUALITY_STATISTICS as readonly string[];
  rowSchema = z
    .object({
      column: z.string().refine((c) => c === TABLE_LEVEL_COLUMN || isIdentifier(c), {
        message: `must be a column name (letters, digits and _, not starting with a digit) or ${TABLE_LEVEL_COLUMN}`,
      }),
      statistic: z.enum(ALL_STATISTICS as [string, ...string[]]),
      driftType: z.enum(CHECK_TYPES),
      severity: z.enum(SEVERITIES),
      comparator: z.enum(COMPARATORS),
      value: z.number(),
    })
    .strict()
    .superRefine((row, ctx) => {
      if (dataQuality.includes(row.statistic) !== (row.driftType === DATA_QUALITY)) {
        ctx.addIssue({
          code: "custom",
          path: ["driftType"],
          message: `${DATA_QUALITY} goes with the data-quality statistics (${dataQuality.join(", ")}) and only with them`,
        });
      }
      const tableLevel = row.statistic === "row_count_ratio" || row.statistic === "staleness_hours";
      if (
        tableLevel !== (row.column === TABLE_LEVEL_COLUMN) &&
        dataQuality.includes(row.statistic)
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["column"],
          message: tableLevel
            ? `${row.statistic} is a table-level check: column must be ${TABLE_LEVEL_COLUMN}`
            : `${row.statistic} needs a column`,
        });
      }
    }) as unknown as ZodType<ThresholdRow>;
  return rowSchema;
}

function issuesOf(error: {
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>;
}): string[] {
  return error.issues.map((issue) =>
    issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message,
  );
}

/** Problems with one row; its map key must be the key its fields make. */
function rowProblems(key: string, row: unknown): string[] {
  const parsed = thresholdRowSchema().safeParse(row);
  if (!parsed.success) return issuesOf(parsed.error);
  const expected = thresholdKey(parsed.data);
  return key === expected
    ? []
    : [`key must be "${expected}" (column/statistic/drift type/severity)`];
}

/** Validates and normalizes new inputs. Never throws: problems come back as failures. */
export function checkInputs(news: Record<string, unknown>): pulumi.dynamic.CheckResult {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });

  const { table, model, thresholds, adopt, warehouseId } = news;
  if (!isUnknown(table)) {
    const parsed = tryParseTableName(table);
    if (!parsed.ok) fail("table", parsed.error);
  }
  if (!isUnknown(model) && !isModelName(model)) {
    fail(
      "model",
      `invalid model name ${JSON.stringify(model)}: 1-48 lowercase letters, digits or -, starting with a letter`,
    );
  }
  if (!isUnknown(thresholds)) {
    if (thresholds === null || typeof thresholds !== "object" || Array.isArray(thresholds)) {
      fail(
        "thresholds",
        "must be a map of threshold rows keyed by column/statistic/drift type/severity",
      );
    } else {
      if (Object.keys(thresholds).length === 0) {
        // No rows is indistinguishable from deleted: refresh would drop the resource.
        fail("thresholds", "must hold at least one threshold row");
      }
      for (const [key, row] of Object.entries(thresholds as Record<string, unknown>)) {
        if (containsUnknown(row)) continue;
        for (const problem of rowProblems(key, row))
          fail("thresholds", `${JSON.stringify(key)}: ${problem}`);
      }
    }
  }
  if (adopt !== undefined && !isUnknown(adopt) && typeof adopt !== "boolean") {
    fail("adopt", "must be true or false");
  }
  if (warehouseId !== undefined && !isUnknown(warehouseId)) {
    if (typeof warehouseId !== "string" || warehouseId.trim() === "")
      fail("warehouseId", `must be a SQL warehouse id, got ${JSON.stringify(warehouseId)}`);
  }
  return { inputs: { ...news, adopt: adopt ?? false }, failures };
}
