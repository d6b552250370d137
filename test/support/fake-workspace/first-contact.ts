/**
 * Switches for what a workspace does on first contact with a model that has no traffic yet.
 * Each is an UNCONFIRMED fact (docs/databricks-api.md, open questions 1 and 5, metric tables): the
 * project must work under either answer, so a test picks one. The object is live, like
 * `fake.timing`: a change applies to what happens afterwards.
 */
export interface FirstContactSwitches {
  /**
   * When Databricks creates an endpoint's `<prefix>_payload` table: `"on-enable"`
   * (`timing.payloadTableMs` after the AI Gateway inference table is enabled) or
   * `"on-first-request"` (`timing.payloadTableMs` after the first request is logged with
   * `state.endpoints.logRequest`, and never without one).
   */
  payloadTable: "on-enable" | "on-first-request";
  /**
   * What a monitor refresh does when the monitored table has no rows (see `recordRows`):
   * `"writes-tables"` (SUCCESS, empty metric tables), `"fails"` (FAILED with a message), or
   * `"writes-no-tables"` (SUCCESS, but no metric tables).
   */
  emptyTableRefresh: "writes-tables" | "fails" | "writes-no-tables";
  /** Columns the metric tables are created without, e.g. `["population_stability_index"]`. */
  metricTablesLack: string[];
}

/** What the fake did before these switches existed; the default for suites that do not ask. */
export const FIRST_CONTACT_AS_BEFORE: Readonly<FirstContactSwitches> = {
  payloadTable: "on-enable",
  emptyTableRefresh: "writes-tables",
  metricTablesLack: [],
};

/** The answers that make the project work hardest (no table, no metric tables, no data). */
export const PESSIMISTIC_FIRST_CONTACT: Readonly<FirstContactSwitches> = {
  payloadTable: "on-first-request",
  emptyTableRefresh: "fails",
  metricTablesLack: [],
};

/** Databricks' wording is unknown; this one says where it comes from. */
export const EMPTY_TABLE_REFRESH_MESSAGE =
  "The monitored table has no rows to profile (injected: a refresh of a table without rows fails)";

/**
 * The switches and the one piece of data state they need: which tables have rows. The fake holds
 * no rows; a test (or `logRequest`, for the payload table) records that a table has some.
 */
export class FirstContact {
  private readonly tablesWithRows: string[] = [];

  constructor(readonly switches: FirstContactSwitches) {}

  /** From now on `table` has rows (a request was logged, a processing run wrote some). */
  recordRows(table: string): void {
    const key = table.toLowerCase();
    if (!this.tablesWithRows.includes(key)) this.tablesWithRows.push(key);
  }

  hasRows(table: string): boolean {
    return this.tablesWithRows.includes(table.toLowerCase());
  }

  /** The failure message of a refresh of `table` that ends now, if this switch makes it fail. */
  refreshFailure(table: string): string | undefined {
    if (this.hasRows(table) || this.switches.emptyTableRefresh !== "fails") return undefined;
    return EMPTY_TABLE_REFRESH_MESSAGE;
  }

  /** Whether a successful refresh of `table` writes the metric tables. */
  refreshWritesTables(table: string): boolean {
    return this.hasRows(table) || this.switches.emptyTableRefresh === "writes-tables";
  }

  /** The metric table columns as created, without the ones the switch leaves out. */
  metricColumns<Column extends { name: string }>(columns: readonly Column[]): Column[] {
    return columns.filter((column) => !this.switches.metricTablesLack.includes(column.name));
  }
}
