/**
 * SQL failures as a Databricks SQL warehouse reports them: an error class in brackets, the
 * message, and a SQLSTATE (for example `[TABLE_OR_VIEW_NOT_FOUND] The table or view ... SQLSTATE:
 * 42P01`). The driver shows this text as the `OperationStateError` message.
 */
export class WarehouseSqlError extends Error {
  constructor(
    readonly errorClass: string,
    readonly detail: string,
    readonly sqlState: string,
  ) {
    super(`[${errorClass}] ${detail} SQLSTATE: ${sqlState}`);
    this.name = "WarehouseSqlError";
  }
}

/** The statement is outside the Databricks SQL subset the local warehouse translates. */
export class UntranslatableSqlError extends WarehouseSqlError {
  constructor(reason: string, statement: string) {
    super(
      "LOCAL_WAREHOUSE_UNSUPPORTED_SQL",
      `The local SQL warehouse cannot run this statement: ${reason}. Statement: ${abbreviate(statement)}`,
      "0A000",
    );
  }
}

function abbreviate(statement: string): string {
  const oneLine = statement.replace(/\s+/g, " ").trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

/**
 * DuckDB message patterns mapped to the Databricks error class a warehouse would raise for the
 * same mistake. The DuckDB text is kept in the message so failures stay debuggable. Classes and
 * SQLSTATEs follow the Databricks error-class documentation as remembered (UNCONFIRMED); anything
 * unmatched becomes the stand-in's own class `LOCAL_WAREHOUSE_SQL_ERROR` so no code can come to
 * depend on a guessed mapping.
 */
const duckDbErrorClasses: Array<{ pattern: RegExp; errorClass: string; sqlState: string }> = [
  {
    pattern:
      /Table with name .* does not exist|Catalog ".*" does not exist|View with name .* does not exist/i,
    errorClass: "TABLE_OR_VIEW_NOT_FOUND",
    sqlState: "42P01",
  },
  {
    pattern: /Schema with name .* does not exist/i,
    errorClass: "SCHEMA_NOT_FOUND",
    sqlState: "42704",
  },
  {
    pattern: /(Table|View) with name .* already exists/i,
    errorClass: "TABLE_OR_VIEW_ALREADY_EXISTS",
    sqlState: "42P07",
  },
  {
    pattern: /Schema with name .* already exists/i,
    errorClass: "SCHEMA_ALREADY_EXISTS",
    sqlState: "42P06",
  },
  {
    pattern: /database with name .* already exists/i,
    errorClass: "CATALOG_ALREADY_EXISTS",
    sqlState: "42P04",
  },
  {
    pattern:
      /Referenced column .* not found|column .* does not exist|Referenced table .* not found/i,
    errorClass: "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    sqlState: "42703",
  },
  {
    pattern: /Function with name .* does not exist/i,
    errorClass: "UNRESOLVED_ROUTINE",
    sqlState: "42883",
  },
  { pattern: /^Parser Error/i, errorClass: "PARSE_SYNTAX_ERROR", sqlState: "42601" },
  { pattern: /^Conversion Error/i, errorClass: "CAST_INVALID_INPUT", sqlState: "22018" },
  {
    pattern: /NOT NULL constraint failed/i,
    errorClass: "DELTA_NOT_NULL_CONSTRAINT_VIOLATED",
    sqlState: "23502",
  },
  { pattern: /Division by zero/i, errorClass: "DIVIDE_BY_ZERO", sqlState: "22012" },
  { pattern: /INTERRUPT/i, errorClass: "OPERATION_CANCELED", sqlState: "HY008" },
];

export function fromDuckDbError(error: unknown): WarehouseSqlError {
  if (error instanceof WarehouseSqlError) return error;
  // Not `instanceof Error`: errors from DuckDB's native addon come from another realm under Jest.
  const message =
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
      ? (error as { message: string }).message
      : String(error);
  const firstLine = message.split("\n")[0] ?? message;
  const known = duckDbErrorClasses.find((entry) => entry.pattern.test(firstLine));
  if (known) return new WarehouseSqlError(known.errorClass, firstLine, known.sqlState);
  return new WarehouseSqlError("LOCAL_WAREHOUSE_SQL_ERROR", firstLine, "42000");
}
