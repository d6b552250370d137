-- Golden file (model fraud, stack dev: the alert script's branch while a metric table does not exist; the same checks less the ones that read them). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
WITH
thresholds AS (
  SELECT t.`column_name`, t.`statistic`, t.`drift_type`, t.`comparator`, t.`value`
  FROM `ml_dev`.`monitoring`.`drift_thresholds` AS t
  WHERE t.`model` = :model AND t.`severity` = :severity
),
drift_checks AS (
  SELECT
    CAST(NULL AS STRING) AS `column_name`,
    CAST(NULL AS STRING) AS `statistic`,
    CAST(NULL AS STRING) AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    CAST(NULL AS STRING) AS `comparator`,
    CAST(NULL AS DOUBLE) AS `threshold`,
    CAST(NULL AS DOUBLE) AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  LIMIT 0
),
null_rate_checks AS (
  SELECT
    CAST(NULL AS STRING) AS `column_name`,
    CAST(NULL AS STRING) AS `statistic`,
    CAST(NULL AS STRING) AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    CAST(NULL AS STRING) AS `comparator`,
    CAST(NULL AS DOUBLE) AS `threshold`,
    CAST(NULL AS DOUBLE) AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  LIMIT 0
),
row_count_checks AS (
  SELECT
    CAST(NULL AS STRING) AS `column_name`,
    CAST(NULL AS STRING) AS `statistic`,
    CAST(NULL AS STRING) AS `drift_type`,
    CAST(NULL AS STRING) AS `granularity`,
    CAST(NULL AS STRING) AS `comparator`,
    CAST(NULL AS DOUBLE) AS `threshold`,
    CAST(NULL AS DOUBLE) AS `observed`,
    FALSE AS `missing_is_breach`,
    CAST(NULL AS STRING) AS `problem`,
    CAST(NULL AS STRING) AS `detail`
  LIMIT 0
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
  SELECT CAST(NULL AS TIMESTAMP) AS `newest`
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
