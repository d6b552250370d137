-- Golden file (validate check: rows without features, last 7 days). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
SELECT
  count(*) AS rows_checked,
  count_if(`customer_id` IS NULL AND `plan` IS NULL AND `tenure_months` IS NULL AND `monthly_charges` IS NULL) AS rows_without_features
FROM `ml_prod`.`churn`.`churn_endpoint_processed`
WHERE `request_time` >= current_timestamp() - make_dt_interval(7)
