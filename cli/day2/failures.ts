import { DatabricksApiError, DatabricksConnectionError } from "../../databricks-client/errors";
import { Day2Error } from "./exit-codes";

/**
 * Sorting failures into "the statement (or this one object) failed, report it for that model"
 * and "we cannot talk to Databricks at all, stop with exit 2".
 */

/**
 * The SQL ran and the warehouse rejected it (missing table, bad column, ...): the session is
 * fine. The SQL runner wraps driver errors and keeps the driver's error as `cause`.
 */
export function isStatementError(error: unknown): boolean {
  const cause = (error as { cause?: unknown })?.cause;
  const name = (cause as { name?: unknown })?.name;
  const constructorName = (cause as { constructor?: { name?: string } })?.constructor?.name;
  return name === "OperationStateError" || constructorName === "OperationStateError";
}

/** A REST answer that means every further call will fail the same way. */
function isCredentialsProblem(error: DatabricksApiError): boolean {
  return error.status === 401;
}

/**
 * Turns a failure that ends the whole command into a Day2Error (exit 2) with a clear message;
 * returns undefined for anything else (a bug: let it surface as it is).
 */
export function fatalProblem(error: unknown): Day2Error | undefined {
  if (error instanceof Day2Error) return error;
  if (error instanceof DatabricksApiError) {
    if (isCredentialsProblem(error)) {
      return new Day2Error("credentials", `Databricks refused the credentials: ${error.message}`);
    }
    return new Day2Error("connection", `Databricks answered an error: ${error.message}`);
  }
  if (error instanceof DatabricksConnectionError) {
    return new Day2Error("connection", `Cannot reach Databricks: ${error.message}`);
  }
  const message = String((error as Error)?.message ?? error);
  if (/^SQL on warehouse /.test(message) && !isStatementError(error)) {
    if (/\b(401|403)\b|unauthori[sz]ed|authenticat/i.test(message)) {
      return new Day2Error("credentials", `The SQL warehouse refused the credentials: ${message}`);
    }
    const hint = /\b404\b/.test(message)
      ? " (no such warehouse here: check --warehouse-id, model-monitoring:warehouseId or DATABRICKS_WAREHOUSE_ID)"
      : "";
    return new Day2Error("connection", `Cannot reach the SQL warehouse: ${message}${hint}`);
  }
  return undefined;
}

/** A REST failure that concerns one object (a missing monitor, no permission on one table). */
export function isPerObjectApiError(error: unknown): error is DatabricksApiError {
  return (
    error instanceof DatabricksApiError &&
    !isCredentialsProblem(error) &&
    error.status < 500 &&
    error.status !== 429
  );
}

/** The first line of an error message, without the runner's "SQL on warehouse x failed: " prefix. */
export function shortMessage(error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  return message.replace(/^SQL on warehouse \S+ failed: /, "").split("\n")[0] ?? message;
}

/** What a failed statement most likely means for a monitoring user. */
export function statementFailureMessage(error: unknown): string {
  const message = shortMessage(error);
  if (/TABLE_OR_VIEW_NOT_FOUND/.test(message)) {
    return (
      `${message} (metric tables appear after the monitor's first refresh: run refresh-monitors; ` +
      "the thresholds, processed and payload tables come with pulumi up)"
    );
  }
  return message;
}
