-- Golden file (one model's rows held by one resource, or by none; parameters :model, :owner). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
DELETE FROM `ml_dev`.`monitoring`.`drift_thresholds`
WHERE `model` = :model
  AND (`owner` = :owner OR `owner` IS NULL)
