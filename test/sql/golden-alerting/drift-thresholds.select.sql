-- Golden file (one model's rows; parameters :model). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
SELECT `column_name`, `statistic`, `drift_type`, `severity`, `comparator`, `value`
FROM `ml_dev`.`monitoring`.`drift_thresholds`
WHERE `model` = :model
ORDER BY `column_name`, `statistic`, `drift_type`, `severity`
