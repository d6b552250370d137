import type { ColumnSpec, SeedRow } from "../seed";
import { payloadTableColumns } from "../../databricks-tables";
import { SeededRandom } from "./random";

/**
 * An AI Gateway inference table (`<catalog>.<schema>.<prefix>_payload`) with the column set of a
 * real one (docs/databricks-api.md, payload table columns, from a SHOW CREATE TABLE dump). Requests are
 * model-serving JSON in the `dataframe_records` or `dataframe_split` shape, responses
 * `{"predictions": [...]}`; failed calls carry an error body, a few rows have a response too
 * large to log (NULL response, logging_error_codes = [MAX_RESPONSE_SIZE_EXCEEDED]).
 */
export { payloadTableColumns };

export interface FeatureSpec {
  name: string;
  /** `double` (default) and `int` draw from a normal distribution; `string` picks from `values`. */
  type?: "double" | "int" | "string" | "boolean";
  mean?: number;
  stddev?: number;
  values?: readonly string[];
  /** Probability the feature is missing (null) in a record. Default 0. */
  nullRate?: number;
}

export interface PayloadTableOptions {
  /** Full name, e.g. `main.ml.fraud_endpoint_payload`. */
  table: string;
  /** Number of logged requests. Default 200. */
  rows?: number;
  /** Random seed. Default 1. */
  seed?: number;
  /** request_time is spread uniformly over [start, end). Default 2025-01-01T00:00Z .. +24 h. */
  start?: Date;
  end?: Date;
  /** Default: amount (double), age (int), country (string), is_new_customer (boolean). */
  features?: readonly FeatureSpec[];
  /** Request body shape. Default "mixed" (half records, half split). */
  requestFormat?: "dataframe_records" | "dataframe_split" | "mixed";
  /** Records per request, inclusive range. Default [1, 3]. */
  recordsPerRequest?: readonly [number, number];
  /** Served entities and their share of traffic. Default one entity "served-entity-1". */
  servedEntities?: ReadonlyArray<{ id: string; weight?: number }>;
  /** Share of calls answered 4xx/5xx. Default 0.05. */
  failureRate?: number;
  /** Share of successful calls whose response was too large to log. Default 0.01. */
  oversizedResponseRate?: number;
  /** Prediction per record; default a logistic score of the numeric features. */
  predict?: (record: Record<string, unknown>) => unknown;
  /** Default 1 (every request logged). */
  samplingFraction?: number;
  /** Default "ml-service-principal-id". */
  requester?: string;
}

export interface GeneratedPayloadTable {
  table: string;
  columns: readonly ColumnSpec[];
  rows: SeedRow[];
  /** The feature records of each row's request (same order as `rows`). */
  records: Array<Array<Record<string, unknown>>>;
}

const defaultFeatures: readonly FeatureSpec[] = [
  { name: "amount", type: "double", mean: 120, stddev: 40 },
  { name: "age", type: "int", mean: 40, stddev: 12 },
  { name: "country", type: "string", values: ["NL", "DE", "FR", "BE", "US"] },
  { name: "is_new_customer", type: "boolean" },
];

const failures = [
  { status: 400, code: "BAD_REQUEST", message: "Model input does not match the expected schema." },
  { status: 429, code: "REQUEST_LIMIT_EXCEEDED", message: "Rate limit exceeded." },
  { status: 500, code: "INTERNAL_ERROR", message: "Model raised an exception." },
  { status: 503, code: "TEMPORARILY_UNAVAILABLE", message: "The endpoint is scaling up." },
];

export function generatePayloadTable(options: PayloadTableOptions): GeneratedPayloadTable {
  const random = new SeededRandom(options.seed ?? 1);
  const count = options.rows ?? 200;
  const start = (options.start ?? new Date("2025-01-01T00:00:00Z")).getTime();
  const end = (options.end ?? new Date(start + 24 * 3600 * 1000)).getTime();
  const features = options.features ?? defaultFeatures;
  const entities = (options.servedEntities ?? [{ id: "served-entity-1" }]).map((entity) => ({
    value: entity.id,
    weight: entity.weight ?? 1,
  }));
  const [minRecords, maxRecords] = options.recordsPerRequest ?? [1, 3];
  const predict = options.predict ?? defaultPrediction;

  // Sorted arrival times read like a real log.
  const times = Array.from({ length: count }, () => Math.floor(random.between(start, end))).sort(
    (a, b) => a - b,
  );
  const rows: SeedRow[] = [];
  const allRecords: GeneratedPayloadTable["records"] = [];
  for (const time of times) {
    const records = Array.from({ length: random.integer(minRecords, maxRecords) }, () =>
      Object.fromEntries(features.map((feature) => [feature.name, featureValue(random, feature)])),
    );
    const format =
      options.requestFormat === "mixed" || options.requestFormat === undefined
        ? random.pick(["dataframe_records", "dataframe_split"] as const)
        : options.requestFormat;
    const failure = random.chance(options.failureRate ?? 0.05) ? random.pick(failures) : undefined;
    const oversized = !failure && random.chance(options.oversizedResponseRate ?? 0.01);
    const requestTime = new Date(time);
    rows.push({
      databricks_request_id: random.uuid(),
      request_date: requestTime.toISOString().slice(0, 10),
      client_request_id: random.chance(0.3) ? `client-${random.integer(1, 1_000_000)}` : null,
      request_time: requestTime,
      status_code: failure?.status ?? 200,
      sampling_fraction: options.samplingFraction ?? 1,
      execution_duration_ms: BigInt(
        Math.max(1, Math.round(failure ? random.between(1, 20) : random.normal(45, 15))),
      ),
      request: JSON.stringify(requestBody(format, features, records)),
      response: failure
        ? JSON.stringify({ error_code: failure.code, message: failure.message })
        : oversized
          ? null
          : JSON.stringify({ predictions: records.map(predict) }),
      logging_error_codes: oversized ? ["MAX_RESPONSE_SIZE_EXCEEDED"] : [],
      served_entity_id: random.weighted(entities),
      requester: options.requester ?? "ml-service-principal-id",
    });
    allRecords.push(records);
  }
  return { table: options.table, columns: payloadTableColumns, rows, records: allRecords };
}

function featureValue(random: SeededRandom, feature: FeatureSpec): unknown {
  if (random.chance(feature.nullRate ?? 0)) return null;
  switch (feature.type ?? "double") {
    case "int":
      return Math.round(random.normal(feature.mean ?? 0, feature.stddev ?? 1));
    case "string":
      return random.pick(feature.values ?? ["a", "b", "c"]);
    case "boolean":
      return random.chance(0.5);
    default:
      return Math.round(random.normal(feature.mean ?? 0, feature.stddev ?? 1) * 100) / 100;
  }
}

function requestBody(
  format: "dataframe_records" | "dataframe_split",
  features: readonly FeatureSpec[],
  records: Array<Record<string, unknown>>,
): unknown {
  if (format === "dataframe_records") return { dataframe_records: records };
  const columns = features.map((feature) => feature.name);
  return {
    dataframe_split: {
      columns,
      data: records.map((record) => columns.map((column) => record[column])),
    },
  };
}

function defaultPrediction(record: Record<string, unknown>): number {
  const numeric = Object.values(record).filter(
    (value): value is number => typeof value === "number",
  );
  const score = numeric.reduce((sum, value) => sum + value, 0) / Math.max(1, numeric.length);
  return Math.round((1 / (1 + Math.exp(-(score - 80) / 40))) * 10_000) / 10_000;
}
