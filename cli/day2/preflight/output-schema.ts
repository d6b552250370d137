import { z } from "zod";
import { CHECK_NAMES } from "./check-catalogue";

/**
 * The `--json` output of `preflight` (cli/schemas/preflight.schema.json is generated from it,
 * with the other commands' schemas: cli/day2/json-schemas.ts). Unlike the other commands it may
 * exit 2 with a full report: some checks could not be made, none failed.
 */

export const preflightCheck = z
  .object({
    check: z.enum(CHECK_NAMES),
    model: z.string().nullable().describe("null for what the stack's models share"),
    subject: z.string().describe('The object checked, e.g. "schema ml_dev.inference"'),
    status: z
      .enum(["fail", "unknown", "warn", "pass", "skipped"])
      .describe(
        "fail: pulumi up would fail or do harm; unknown: the workspace would not tell; warn: worth knowing, not blocking",
      ),
    detail: z.string(),
    fix: z.string().nullable().describe("What to do, for fail (and some unknown and warn) lines"),
    source: z
      .enum(["rest", "sql", "state", "config"])
      .describe("Where the facts came from: the REST API, a SQL statement, the state file"),
  })
  .strict();

export const preflightOutput = z
  .object({
    command: z.literal("preflight"),
    stack: z.string(),
    ok: z.boolean().describe("true when the exit code is 0"),
    exitCode: z
      .union([z.literal(0), z.literal(1), z.literal(2)])
      .describe("0 all good, 1 a check failed, 2 a check could not be made (and none failed)"),
    identity: z
      .object({
        userName: z.string(),
        kind: z.enum(["user", "service-principal"]),
        displayName: z.string().nullable(),
        groups: z.array(z.string()),
      })
      .strict()
      .nullable()
      .describe("null when the identity check failed"),
    stateFile: z.string().nullable().describe("The --state file, when given"),
    summary: z
      .object({
        fail: z.number().int(),
        unknown: z.number().int(),
        warn: z.number().int(),
        pass: z.number().int(),
        skipped: z.number().int(),
      })
      .strict(),
    checks: z.array(preflightCheck).describe("Worst first"),
    requests: z.number().int().min(0).describe("REST requests sent (retries not counted)"),
    sqlStatements: z.number().int().min(0).describe("SQL statements sent to the warehouse"),
  })
  .strict();

export type PreflightCheck = z.infer<typeof preflightCheck>;
export type PreflightOutput = z.infer<typeof preflightOutput>;
