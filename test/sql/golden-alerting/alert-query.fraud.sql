-- Golden file (model fraud, stack dev: violations, breaches and model status; parameters :model, :severity). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
WITH
thresholds AS (
  SELECT t.`column_name`, t.`statistic`, t.`drift_type`, t.`comparator`, t.`value`
  FROM `ml_dev`.`monitoring`.`drift_thresholds` AS t
  WHERE t.`model` = :model AND t.`severity` = :severity
),
latest_drift_windows AS (
  SELECT dw.`granularity`, dw.`drift_type`, max(dw.`window`.`start`) AS `window_start`
  FROM `ml_dev`.`monitoring`.`fraud_processed_drift_metrics` AS dw
  WHERE dw.`slice_key` IS NULL AND dw.`model_id` = '*' AND dw.`window`.`end` <= current_timestamp()
  GROUP BY dw.`granularity`, dw.`drift_type`
),
latest_drift AS (
  SELECT d.`column_name`, d.`drift_type`, d.`granularity`,
    to_json(struct(d.*), map('ignoreNullFields', 'false')) AS `metrics`
  FROM `ml_dev`.`monitoring`.`fraud_processed_drift_metrics` AS d
  JOIN latest_drift_windows AS lw
    ON lw.`granularity` = d.`granularity` AND lw.`drift_type` = d.`drift_type`
    AND lw.`window_start` = d.`window`.`start`
  WHERE d.`slice_key` IS NULL AND d.`model_id` = '*'
),
drift_readings AS (
  SELECT th.*, ld.`granularity`, ld.`metrics`,
    CASE th.`statistic`
      WHEN 'ks_test.statistic' THEN '$.ks_test.statistic'
      WHEN 'ks_test.pvalue' THEN '$.ks_test.pvalue'
      WHEN 'wasserstein_distance' THEN '$.wasserstein_distance'
      WHEN 'population_stability_index' THEN '$.population_stability_index'
      WHEN 'avg_delta' THEN '$.avg_delta'
      WHEN 'percent_zeros_delta' THEN '$.percent_zeros_delta'
      WHEN 'chi_squared_test.statistic' THEN '$.chi_squared_test.statistic'
      WHEN 'chi_squared_test.pvalue' THEN '$.chi_squared_test.pvalue'
      WHEN 'tv_distance' THEN '$.tv_distance'
      WHEN 'l_infinity_distance' THEN '$.l_infinity_distance'
      WHEN 'js_distance' THEN '$.js_distance'
      WHEN 'percent_null_delta' THEN '$.percent_null_delta'
      WHEN 'percent_distinct_delta' THEN '$.percent_distinct_delta'
      WHEN 'count_delta' THEN '$.count_delta'
    END AS `path`,
    CASE th.`statistic`
      WHEN 'ks_test.statistic' THEN 'ks_test'
      WHEN 'ks_test.pvalue' THEN 'ks_test'
      WHEN 'wasserstein_distance' THEN 'wasserstein_distance'
      WHEN 'population_stability_index' THEN 'population_stability_index'
      WHEN 'avg_delta' THEN 'avg_delta'
      WHEN 'percent_zeros_delta' THEN 'percent_zeros_delta'
      WHEN 'chi_squared_test.statistic' THEN 'chi_squared_test'
      WHEN 'chi_squared_test.pvalue' THEN 'chi_squared_test'
      WHEN 'tv_distance' THEN 'tv_distance'
      WHEN 'l_infinity_distance' THEN 'l_infinity_distance'
      WHEN 'js_distance' THEN 'js_distance'
      WHEN 'percent_null_delta' THEN 'percent_null_delta'
      WHEN 'percent_distinct_delta' THEN 'percent_distinct_delta'
      WHEN 'count_delta' THEN 'count_delta'
    END AS `metric_column`
  FROM thresholds AS th
  JOIN latest_drift AS ld
    ON ld.`column_name` = th.`column_name` AND ld.`drift_type` = th.`drift_type`
),
drift_checks AS (
  SELECT
    r.`column_name` AS `column_name`,
    r.`statistic` AS `statistic`,
    r.`drift_type` AS `drift_type`,
    r.`granularity` AS `granularity`,
    r.`comparator` AS `comparator`,
    r.`value` AS `threshold`,
    CAST(get_json_object(r.`metrics`, r.`path`) AS DOUBLE) AS `observed`,
    FALSE AS `missing_is_breach`,
    CASE WHEN NOT array_contains(json_object_keys(r.`metrics`), r.`metric_column`)
      THEN concat('cannot be evaluated: the drift metrics table has no column ', r.`metric_column`) END AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM drift_readings AS r
),
profile_windows AS (
  SELECT pw.`granularity`, pw.`window`.`start` AS `window_start`, pw.`count` AS `row_count`,
    row_number() OVER (PARTITION BY pw.`granularity` ORDER BY pw.`window`.`start` DESC) AS `recency`
  FROM `ml_dev`.`monitoring`.`fraud_processed_profile_metrics` AS pw
  WHERE pw.`column_name` = ':table' AND pw.`slice_key` IS NULL AND pw.`model_id` = '*' AND pw.`log_type` = 'INPUT' AND pw.`window`.`end` <= current_timestamp()
),
null_rate_checks AS (
  SELECT
    th.`column_name` AS `column_name`,
    th.`statistic` AS `statistic`,
    th.`drift_type` AS `drift_type`,
    win.`granularity` AS `granularity`,
    th.`comparator` AS `comparator`,
    th.`value` AS `threshold`,
    CAST(p.`num_nulls` AS DOUBLE) / nullif(win.`row_count`, 0) AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM thresholds AS th
  JOIN `ml_dev`.`monitoring`.`fraud_processed_profile_metrics` AS p ON p.`column_name` = th.`column_name`
  JOIN profile_windows AS win
    ON win.`granularity` = p.`granularity` AND win.`window_start` = p.`window`.`start`
  WHERE th.`statistic` = 'null_rate' AND th.`drift_type` = 'DATA_QUALITY' AND win.`recency` = 1
    AND p.`slice_key` IS NULL AND p.`model_id` = '*' AND p.`log_type` = 'INPUT'
),
row_count_checks AS (
  SELECT
    th.`column_name` AS `column_name`,
    th.`statistic` AS `statistic`,
    th.`drift_type` AS `drift_type`,
    latest.`granularity` AS `granularity`,
    th.`comparator` AS `comparator`,
    th.`value` AS `threshold`,
    CAST(latest.`row_count` AS DOUBLE) / nullif(previous.`row_count`, 0) AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM thresholds AS th
  CROSS JOIN profile_windows AS latest
  JOIN profile_windows AS previous
    ON previous.`granularity` = latest.`granularity` AND previous.`recency` = 2
  WHERE th.`statistic` = 'row_count_ratio' AND th.`drift_type` = 'DATA_QUALITY' AND latest.`recency` = 1
),
newest_row AS (
  SELECT max(e.`request_time`) AS `newest`, min(e.`request_time`) AS `oldest`
  FROM `ml_dev`.`inference`.`fraud_processed` AS e
),
staleness_checks AS (
  SELECT
    th.`column_name` AS `column_name`,
    th.`statistic` AS `statistic`,
    th.`drift_type` AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    th.`comparator` AS `comparator`,
    th.`value` AS `threshold`,
    CAST(timestampdiff(MINUTE, n.`newest`, current_timestamp()) AS DOUBLE) / 60 AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM thresholds AS th
  CROSS JOIN newest_row AS n
  WHERE th.`statistic` = 'staleness_hours' AND th.`drift_type` = 'DATA_QUALITY'
),
newest_metrics_window AS (
  SELECT max(mw.`window`.`end`) AS `newest`
  FROM `ml_dev`.`monitoring`.`fraud_processed_profile_metrics` AS mw
  WHERE mw.`column_name` = ':table' AND mw.`slice_key` IS NULL AND mw.`model_id` = '*' AND mw.`log_type` = 'INPUT' AND mw.`window`.`end` <= current_timestamp()
),
metrics_age_checks AS (
  SELECT
    th.`column_name` AS `column_name`,
    th.`statistic` AS `statistic`,
    th.`drift_type` AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    th.`comparator` AS `comparator`,
    th.`value` AS `threshold`,
    CAST(timestampdiff(MINUTE, coalesce(m.`newest`, n.`oldest`), current_timestamp()) AS DOUBLE) / 60 AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CASE WHEN m.`newest` IS NULL THEN 'no finished window yet, hours since the oldest processed row: ' END AS `detail`
  FROM thresholds AS th
  CROSS JOIN newest_metrics_window AS m
  CROSS JOIN newest_row AS n
  WHERE th.`statistic` = 'metrics_age_hours' AND th.`drift_type` = 'DATA_QUALITY'
),
invalid_rows AS (
  SELECT
    th.`column_name` AS `column_name`,
    th.`statistic` AS `statistic`,
    th.`drift_type` AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    th.`comparator` AS `comparator`,
    th.`value` AS `threshold`,
    CAST(NULL AS DOUBLE) AS `observed`,
    TRUE AS `missing_is_breach`,
    'cannot be evaluated: unknown statistic, check type or comparator' AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM thresholds AS th
  WHERE NOT (
    (th.`drift_type` IN ('CONSECUTIVE', 'BASELINE') AND th.`statistic` IN ('ks_test.statistic', 'ks_test.pvalue', 'wasserstein_distance', 'population_stability_index', 'avg_delta', 'percent_zeros_delta', 'chi_squared_test.statistic', 'chi_squared_test.pvalue', 'tv_distance', 'l_infinity_distance', 'js_distance', 'percent_null_delta', 'percent_distinct_delta', 'count_delta'))
    OR (th.`drift_type` = 'DATA_QUALITY' AND th.`statistic` IN ('null_rate', 'row_count_ratio', 'staleness_hours', 'metrics_age_hours'))
  ) OR NOT th.`comparator` IN ('>', '>=', '<', '<=')
),
missing_thresholds AS (
  SELECT
    ':table' AS `column_name`,
    'thresholds' AS `statistic`,
    'DATA_QUALITY' AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    '<' AS `comparator`,
    CAST(1 AS DOUBLE) AS `threshold`,
    CAST(count(*) AS DOUBLE) AS `observed`,
    TRUE AS `missing_is_breach`,
    'no thresholds for this model and severity in the thresholds table' AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  FROM thresholds
  HAVING count(*) = 0
),
checks AS (
  SELECT * FROM drift_checks
  UNION ALL
  SELECT * FROM null_rate_checks
  UNION ALL
  SELECT * FROM row_count_checks
  UNION ALL
  SELECT * FROM staleness_checks
  UNION ALL
  SELECT * FROM metrics_age_checks
  UNION ALL
  SELECT * FROM invalid_rows
  UNION ALL
  SELECT * FROM missing_thresholds
),
breaches AS (
  SELECT c.*
  FROM checks AS c
  WHERE CASE
    WHEN c.`problem` IS NOT NULL THEN TRUE
    WHEN c.`observed` IS NULL THEN c.`missing_is_breach`
    WHEN c.`comparator` = '>' THEN c.`observed` > c.`threshold`
    WHEN c.`comparator` = '>=' THEN c.`observed` >= c.`threshold`
    WHEN c.`comparator` = '<' THEN c.`observed` < c.`threshold`
    WHEN c.`comparator` = '<=' THEN c.`observed` <= c.`threshold`
    ELSE FALSE
  END
),
summary AS (
  SELECT
    count(*) AS `violations`,
    coalesce(string_agg(concat(
      b.`column_name`,
      ' ',
      b.`statistic`,
      ' ',
      b.`drift_type`,
      coalesce(concat(' ', b.`granularity`), ''),
      ': ',
      coalesce(b.`problem`, concat(coalesce(b.`detail`, ''), CAST(round(b.`observed`, 4) AS STRING), ' ', b.`comparator`, ' ', CAST(b.`threshold` AS STRING)))
    ), '; '), '') AS `breaches`
  FROM breaches AS b
),
model_stage AS (
  SELECT CASE
    WHEN n.`newest` IS NULL THEN 'waiting for first request'
    WHEN m.`newest` IS NULL THEN 'waiting for first window'
    ELSE 'monitoring'
  END AS `stage`
  FROM newest_row AS n
  CROSS JOIN newest_metrics_window AS m
)
SELECT s.`violations`, s.`breaches`, st.`stage` AS `model_status`
FROM summary AS s
CROSS JOIN model_stage AS st
