/** Column sets of a monitor's metric tables; defined once for both stand-ins. */
export { driftMetricsColumns, profileMetricsColumns } from "../../databricks-tables";
