/** Column sets of a monitor's metric tables; defined once for both stand-ins. */
export {
  ALL_MODEL_IDS,
  driftMetricsColumns,
  inferenceLogMetricColumns,
  profileMetricsColumns,
} from "../../databricks-tables";
