/**
 * DuckDB macros behind the function bridges in sql/functions.ts. They are TEMP macros, created on
 * every session's connection, because temp objects stay visible whatever catalog and schema the
 * session switches to with USE.
 */
export const sessionMacros: readonly string[] = [
  // timestampadd(unit, n, ts): the translator turns the unit keyword into a lower-case string.
  `CREATE OR REPLACE TEMP MACRO __dbx_timestampadd(unit, n, ts) AS CAST(ts AS TIMESTAMP) + CASE unit
     WHEN 'year' THEN to_years(CAST(n AS INTEGER))
     WHEN 'quarter' THEN to_months(CAST(n AS INTEGER) * 3)
     WHEN 'month' THEN to_months(CAST(n AS INTEGER))
     WHEN 'week' THEN to_days(CAST(n AS INTEGER) * 7)
     WHEN 'day' THEN to_days(CAST(n AS INTEGER))
     WHEN 'hour' THEN to_hours(CAST(n AS BIGINT))
     WHEN 'minute' THEN to_minutes(CAST(n AS BIGINT))
     WHEN 'second' THEN to_seconds(CAST(n AS BIGINT))
     WHEN 'millisecond' THEN to_milliseconds(CAST(n AS BIGINT))
     WHEN 'microsecond' THEN to_microseconds(CAST(n AS BIGINT))
   END`,
  // date_add / date_sub (start, days) -> DATE, like Spark.
  `CREATE OR REPLACE TEMP MACRO __dbx_date_add(d, n) AS CAST(CAST(d AS DATE) + CAST(n AS INTEGER) AS DATE)`,
  `CREATE OR REPLACE TEMP MACRO __dbx_date_sub(d, n) AS CAST(CAST(d AS DATE) - CAST(n AS INTEGER) AS DATE)`,
  // datediff(end, start) -> whole days end - start.
  `CREATE OR REPLACE TEMP MACRO __dbx_datediff(e, s) AS CAST(CAST(e AS DATE) - CAST(s AS DATE) AS INTEGER)`,
  `CREATE OR REPLACE TEMP MACRO __dbx_make_dt_interval(d, h, m, s) AS
     to_days(CAST(d AS INTEGER)) + to_hours(CAST(h AS BIGINT)) + to_minutes(CAST(m AS BIGINT))
     + to_microseconds(CAST(round(CAST(s AS DOUBLE) * 1000000) AS BIGINT))`,
  `CREATE OR REPLACE TEMP MACRO __dbx_make_ym_interval(y, m) AS to_months(CAST(y AS INTEGER) * 12 + CAST(m AS INTEGER))`,
  // to_json(row, options): DuckDB keeps NULL fields, which is the one option the project sets.
  `CREATE OR REPLACE TEMP MACRO __dbx_to_json(r, options) AS to_json(r)`,
  // current_catalog() with the Databricks name (DuckDB databases for reserved names carry a suffix).
  `CREATE OR REPLACE TEMP MACRO __dbx_current_catalog() AS regexp_replace(current_database(), '__dbx$', '')`,
];
