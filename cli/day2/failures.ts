import { DatabricksApiError, DatabricksConnectionError } from "../../databricks-client/errors";
import { operationEndState } from "../../databricks-client/sql-session";
import { Day2Error } from "./exit-codes";

/**
 * Sorting failures into "the statement (or this one object) failed, report it for that model"
 * and "we cannot talk to Databricks at all, stop with exit 2".
 */

/**
 * The SQL ran and the warehouse rejected it (missing table, bad column, ...): the session is
 * fine and the error belongs to the statement. The SQL runner wraps driver errors and keeps the
 * driver's error as `cause`. A statement the warehouse canceled, closed or timed out is not
 * the SQL's fault: running it again in parts would only repeat that, so it ends the run.
 */
export function isStatementError(error: unknown): boolean {
  return operationEndState((error as { cause?: unknown })?.cause) === "ERROR";
}

/** A statement the warehouse ended without an answer: CANCELED, CLOSED, TIMEOUT or UNKNOWN. */
function endedWithoutAnswer(error: unknown): string | undefined {
  const state = operationEndState((error as { cause?: unknown })?.cause);
  return state === undefined || state === "ERROR" ? undefined : state;
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
  const endState = endedWithoutAnswer(error);
  if (endState !== undefined) {
    return new Day2Error(
      "connection",
      `The SQL warehouse ended a statement without an answer (${endState}): ${shortMessage(error)}. ` +
        "Check that the warehouse is running and the query was not canceled, then run again.",
    );
  }
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

/**
 * A server-side REST failure: a 5xx, or a 429 the client's retries could not outlast. It may
 * concern one object (a monitor whose backend fails) or every call; the caller tells which by
 * whether anything else got through.
 */
export function isServerApiError(error: unknown): error is DatabricksApiError {
  return error instanceof DatabricksApiError && (error.status >= 500 || error.status === 429);
}

/**
 * A refusal that says nothing about the object: throttling (429), unavailable (503) or a
 * gateway error (502, 504) that outlasted the client's retries. Its outcome is unknown, not
 * failed: the command cannot conclude that part.
 */
export function isTransientApiError(error: unknown): error is DatabricksApiError {
  return error instanceof DatabricksApiError && [429, 502, 503, 504].includes(error.status);
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
