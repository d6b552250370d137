-- Golden file (thresholds table DDL). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
CREATE TABLE IF NOT EXISTS `ml_dev`.`monitoring`.`drift_thresholds` (
  `model` STRING NOT NULL COMMENT 'Model name, the file name of its models/ YAML',
  `column_name` STRING NOT NULL COMMENT 'Feature or prediction column, or :table for table-level checks',
  `statistic` STRING NOT NULL COMMENT 'Drift statistic (e.g. ks_test.pvalue) or data-quality check',
  `drift_type` STRING NOT NULL COMMENT 'CONSECUTIVE, BASELINE or DATA_QUALITY',
  `severity` STRING NOT NULL COMMENT 'warning or critical: which alert evaluates the row',
  `comparator` STRING NOT NULL COMMENT 'Which side of the value is a breach (greater or less, with or without equal)',
  `value` DOUBLE NOT NULL COMMENT 'The threshold',
  `updated_at` TIMESTAMP NOT NULL COMMENT 'When the row was last written',
  `owner` STRING COMMENT 'Token of the DriftThresholds resource that holds the row, whose delete removes only its own rows'
)
USING DELTA
COMMENT 'Drift and data-quality thresholds per model, managed by model-monitoring (pulumi)'
