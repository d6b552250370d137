-- Golden file (every row of one model becomes the resource's; parameters :model, :owner). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
UPDATE `ml_dev`.`monitoring`.`drift_thresholds`
SET `owner` = :owner
WHERE `model` = :model
  AND (`owner` IS NULL OR `owner` <> :owner)
