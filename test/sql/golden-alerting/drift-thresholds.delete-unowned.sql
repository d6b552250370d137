-- Golden file (every row of one model (a resource from before owners); parameters :model). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
DELETE FROM `ml_dev`.`monitoring`.`drift_thresholds`
WHERE `model` = :model
