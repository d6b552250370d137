-- Golden file (two upserts and one removal in one MERGE, rows owned by the writer; parameters :model, :owner, :<field>_<n>). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
MERGE INTO `ml_dev`.`monitoring`.`drift_thresholds` AS tgt
USING (
  SELECT FALSE AS `remove`, :column_0 AS `column_name`, :statistic_0 AS `statistic`, :drift_type_0 AS `drift_type`, :severity_0 AS `severity`, :comparator_0 AS `comparator`, CAST(:value_0 AS DOUBLE) AS `value`
  UNION ALL
  SELECT FALSE AS `remove`, :column_1 AS `column_name`, :statistic_1 AS `statistic`, :drift_type_1 AS `drift_type`, :severity_1 AS `severity`, :comparator_1 AS `comparator`, CAST(:value_1 AS DOUBLE) AS `value`
  UNION ALL
  SELECT TRUE AS `remove`, :column_2 AS `column_name`, :statistic_2 AS `statistic`, :drift_type_2 AS `drift_type`, :severity_2 AS `severity`, CAST(NULL AS STRING) AS `comparator`, CAST(NULL AS DOUBLE) AS `value`
) AS src
ON tgt.`model` = :model
  AND tgt.`column_name` = src.`column_name`
  AND tgt.`statistic` = src.`statistic`
  AND tgt.`drift_type` = src.`drift_type`
  AND tgt.`severity` = src.`severity`
WHEN MATCHED AND src.`remove` THEN DELETE
WHEN MATCHED AND NOT src.`remove`
  AND (tgt.`comparator` <> src.`comparator` OR tgt.`value` <> src.`value`) THEN UPDATE SET
  `comparator` = src.`comparator`,
  `value` = src.`value`,
  `updated_at` = current_timestamp(),
  `owner` = :owner
WHEN NOT MATCHED AND NOT src.`remove` THEN INSERT (`model`, `column_name`, `statistic`, `drift_type`, `severity`, `comparator`, `value`, `updated_at`, `owner`)
  VALUES (:model, src.`column_name`, src.`statistic`, src.`drift_type`, src.`severity`, src.`comparator`, src.`value`, current_timestamp(), :owner)
