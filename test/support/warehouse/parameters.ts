import { ParameterMarker } from "./sql/expressions";
import { duckDbTypeFor } from "./sql/types";
import { WarehouseSqlError } from "./sql-errors";

/**
 * Statement parameters as the driver sends them (TSparkParameter): named ones carry `name`,
 * ordinal ones only their position in the list; `type` is a Spark type name ('STRING',
 * 'INTEGER', 'TIMESTAMP', 'DECIMAL(10,2)', ...) and the value is a string. A NULL has neither
 * type nor value.
 */
export interface SparkParameter {
  name?: string | null;
  type?: string | null;
  value?: {
    stringValue?: string | null;
    doubleValue?: number | null;
    booleanValue?: boolean | null;
  } | null;
}

export interface BoundParameters {
  /** Replaces a marker with a DuckDB placeholder cast to the declared type (or NULL). */
  renderParameter(marker: ParameterMarker): string;
  /** Values for the placeholders $1..$n, all bound as VARCHAR and cast in SQL. */
  values: string[];
}

/**
 * Values are always bound, never spliced into the SQL text, so quotes, semicolons and comments
 * in them stay data. Each placeholder is CAST to the declared type, which is what Databricks does
 * with a typed parameter; TIMESTAMP values (ISO strings, often with a zone) are read as instants
 * and stored as UTC wall-clock time.
 */
export function bindParameters(parameters: readonly SparkParameter[]): BoundParameters {
  const values: string[] = [];
  const named = new Map<string, SparkParameter>();
  const ordinal: SparkParameter[] = [];
  for (const parameter of parameters) {
    if (parameter.name) named.set(parameter.name, parameter);
    else ordinal.push(parameter);
  }
  const rendered = new Map<string, string>();

  const render = (parameter: SparkParameter): string => {
    const value = valueText(parameter);
    const type = parameter.type?.toUpperCase();
    if (value === undefined || type === undefined || type === "VOID") return "NULL";
    const duckType = duckDbTypeFor(type);
    values.push(value);
    const placeholder = `$${values.length}`;
    if (type === "TIMESTAMP" || type === "TIMESTAMP_LTZ") {
      return `CAST(CAST(${placeholder} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    }
    return `CAST(${placeholder} AS ${duckType})`;
  };

  return {
    values,
    renderParameter(marker) {
      if ("name" in marker) {
        const cached = rendered.get(marker.name);
        if (cached !== undefined) return cached;
        const parameter = named.get(marker.name);
        if (parameter === undefined) throw unbound(marker.name);
        const text = render(parameter);
        rendered.set(marker.name, text);
        return text;
      }
      const parameter = ordinal[marker.ordinal];
      if (parameter === undefined) throw unbound(`?${marker.ordinal + 1}`);
      return render(parameter);
    },
  };
}

function valueText(parameter: SparkParameter): string | undefined {
  const value = parameter.value;
  if (!value) return undefined;
  if (value.stringValue != null) return value.stringValue;
  if (value.doubleValue != null) return String(value.doubleValue);
  if (value.booleanValue != null) return value.booleanValue ? "TRUE" : "FALSE";
  return undefined;
}

function unbound(name: string): WarehouseSqlError {
  return new WarehouseSqlError(
    "UNBOUND_SQL_PARAMETER",
    `Found the unbound parameter: ${name}. Please, fix \`args\` and provide a mapping of the parameter to a SQL literal.`,
    "42P02",
  );
}
