-- Golden file (classification, string and numeric features, labels joined on a feature, model id from the system table: refresh MERGE). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
MERGE INTO `ml_prod`.`churn`.`churn_endpoint_processed` AS tgt
USING (
  WITH
  -- Incremental window: payload rows land late (best effort), so re-read a margin behind the
  -- newest processed row. MERGE skips rows already there.
  refresh_window AS (
    SELECT coalesce(
      least(
        max(existing.`request_time`) - make_dt_interval(0, 6),
        max(existing.`request_time`) - make_dt_interval(30)
      ),
      TIMESTAMP '1970-01-01 00:00:00'
    ) AS since
    FROM `ml_prod`.`churn`.`churn_endpoint_processed` AS existing
  ),
  payload_rows AS (
    SELECT
      payload.`databricks_request_id`,
      payload.`client_request_id`,
      payload.`request_time`,
      payload.`request_date`,
      payload.`served_entity_id`,
      payload.`request`,
      payload.`response`,
      -- The payload log may hold a request twice: only the first copy is used.
      row_number() OVER (
        PARTITION BY payload.`databricks_request_id`
        ORDER BY payload.`request_time`
      ) AS copy_number
    FROM `ml_prod`.`churn`.`churn_endpoint_payload` AS payload
    -- Only successful requests carry a prediction worth monitoring.
    WHERE payload.`status_code` = 200
      AND payload.`databricks_request_id` IS NOT NULL
      AND payload.`request_time` >= (SELECT refresh_window.since FROM refresh_window)
      -- request_date clusters the payload table, so this lets Delta skip files. One day of
      -- slack because to_date uses the session time zone and request_date is UTC.
      AND payload.`request_date` >= date_sub(to_date((SELECT refresh_window.since FROM refresh_window)), 1)
  ),
  -- ASSUMPTION (UNCONFIRMED): system.serving.served_entities holds one row per served entity
  -- and configuration change, with entity_name, entity_version and change_time.
  served_entity_versions AS (
    SELECT
      entity.`served_entity_id`,
      coalesce(nullif(concat_ws('/', entity.`entity_name`, entity.`entity_version`), ''), entity.`served_entity_id`) AS model_id,
      row_number() OVER (
        PARTITION BY entity.`served_entity_id`
        ORDER BY entity.`change_time`, entity.`entity_name`, entity.`entity_version`
      ) AS row_order
    FROM `system`.`serving`.`served_entities` AS entity
    WHERE entity.`served_entity_id` IS NOT NULL
  ),
  -- One model id per served entity id: that of its first recorded row, so it never changes.
  served_entity_names AS (
    SELECT
      served_entity_versions.`served_entity_id`,
      served_entity_versions.model_id
    FROM served_entity_versions
    WHERE served_entity_versions.row_order = 1
  ),
  -- The system table lags: a request from a served entity it does not list yet, and every
  -- later request, waits for a run after it has caught up (never written with a stand-in id).
  unlisted_entities AS (
    SELECT min(payload_rows.`request_time`) AS first_request_time
    FROM payload_rows
    LEFT JOIN served_entity_names
      ON served_entity_names.`served_entity_id` = payload_rows.`served_entity_id`
    WHERE payload_rows.`served_entity_id` IS NOT NULL
      AND served_entity_names.`served_entity_id` IS NULL
  ),
  -- One row per request this run processes (its first copy), with the monitor's model id.
  model_requests AS (
    SELECT
      payload_rows.`databricks_request_id`,
      payload_rows.`client_request_id`,
      payload_rows.`request_time`,
      payload_rows.`request_date`,
      payload_rows.`served_entity_id`,
      served_entity_names.model_id AS `model_id`,
      payload_rows.`request`,
      payload_rows.`response`
    FROM payload_rows
    LEFT JOIN served_entity_names
      ON served_entity_names.`served_entity_id` = payload_rows.`served_entity_id`
    CROSS JOIN unlisted_entities
    WHERE payload_rows.copy_number = 1
      AND (
        unlisted_entities.first_request_time IS NULL
        OR payload_rows.`request_time` < unlisted_entities.first_request_time
      )
  ),
  parsed_requests AS (
    SELECT
      model_requests.`databricks_request_id`,
      model_requests.`client_request_id`,
      model_requests.`request_time`,
      model_requests.`request_date`,
      model_requests.`model_id`,
      model_requests.`served_entity_id`,
      -- from_json returns NULL for JSON it cannot parse instead of failing the statement.
      from_json(model_requests.`request`, 'STRUCT<dataframe_records: ARRAY<STRUCT<`customer_id`: STRING, `plan`: STRING, `tenure_months`: INT, `monthly_charges`: DOUBLE>>, dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>, instances: ARRAY<STRUCT<`customer_id`: STRING, `plan`: STRING, `tenure_months`: INT, `monthly_charges`: DOUBLE>>, inputs: STRUCT<`customer_id`: ARRAY<STRING>, `plan`: ARRAY<STRING>, `tenure_months`: ARRAY<INT>, `monthly_charges`: ARRAY<DOUBLE>>>') AS request_json,
      -- The predictions as JSON text whatever their shape, and as a list of texts when a list.
      get_json_object(model_requests.`response`, '$.predictions') AS predictions_json,
      from_json(get_json_object(model_requests.`response`, '$.predictions'), 'ARRAY<STRING>') AS prediction_items
    FROM model_requests
  ),
  -- One row per record, whichever shape the request used: other shapes are rebuilt as records,
  -- then posexplode keeps the position of each record to align it with its prediction. OUTER keeps
  -- a request that has none of the shapes (or is not JSON) as one row with NULL features.
  request_records AS (
    SELECT
      parsed_requests.`databricks_request_id`,
      parsed_requests.`client_request_id`,
      coalesce(exploded.record_pos, 0) AS `record_index`,
      parsed_requests.`request_time`,
      parsed_requests.`request_date`,
      parsed_requests.`model_id`,
      parsed_requests.`served_entity_id`,
      exploded.record_values.`customer_id` AS `customer_id`,
      exploded.record_values.`plan` AS `plan`,
      exploded.record_values.`tenure_months` AS `tenure_months`,
      exploded.record_values.`monthly_charges` AS `monthly_charges`,
      -- Predictions are in record order. try_element_at is 1-based and NULL past the end.
      CASE
        WHEN parsed_requests.predictions_json LIKE '{%' THEN try_element_at(
          from_json(parsed_requests.predictions_json, 'STRUCT<`churn_prediction`: ARRAY<STRING>>').`churn_prediction`,
          coalesce(exploded.record_pos, 0) + 1
        )
        WHEN try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1) LIKE '{%' THEN
          from_json(try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1), 'STRUCT<`churn_prediction`: STRING>').`churn_prediction`
        ELSE try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1)
      END AS `churn_prediction`
    FROM parsed_requests
    LATERAL VIEW OUTER posexplode(
      coalesce(
        parsed_requests.request_json.dataframe_records,
        parsed_requests.request_json.instances,
        transform(
          parsed_requests.request_json.dataframe_split.data,
          split_row -> named_struct(
            'customer_id', try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'customer_id'), 0) AS INT)),
            'plan', try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'plan'), 0) AS INT)),
            'tenure_months', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'tenure_months'), 0) AS INT)) AS INT),
            'monthly_charges', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'monthly_charges'), 0) AS INT)) AS DOUBLE)
          )
        ),
        CASE WHEN greatest(size(parsed_requests.request_json.inputs.`customer_id`), size(parsed_requests.request_json.inputs.`plan`), size(parsed_requests.request_json.inputs.`tenure_months`), size(parsed_requests.request_json.inputs.`monthly_charges`)) > 0 THEN transform(
          sequence(1, greatest(size(parsed_requests.request_json.inputs.`customer_id`), size(parsed_requests.request_json.inputs.`plan`), size(parsed_requests.request_json.inputs.`tenure_months`), size(parsed_requests.request_json.inputs.`monthly_charges`))),
          record_number -> named_struct(
            'customer_id', try_element_at(parsed_requests.request_json.inputs.`customer_id`, record_number),
            'plan', try_element_at(parsed_requests.request_json.inputs.`plan`, record_number),
            'tenure_months', try_element_at(parsed_requests.request_json.inputs.`tenure_months`, record_number),
            'monthly_charges', try_element_at(parsed_requests.request_json.inputs.`monthly_charges`, record_number)
          )
        ) END
      )
    ) exploded AS record_pos, record_values
  ),
  -- One label per key: a key with conflicting labels gets none rather than a guess. Keys
  -- compare as STRING because the labels key and the request key may differ in type.
  label_values AS (
    SELECT
      CAST(labels.`customer_id` AS STRING) AS label_key,
      min(labels.`churned`) AS label_value
    FROM `ml_prod`.`churn`.`churn_outcomes` AS labels
    WHERE labels.`customer_id` IS NOT NULL AND labels.`churned` IS NOT NULL
    GROUP BY CAST(labels.`customer_id` AS STRING)
    HAVING count(DISTINCT labels.`churned`) = 1
  )
  SELECT
    request_records.`databricks_request_id`,
    request_records.`client_request_id`,
    request_records.`record_index`,
    request_records.`request_time`,
    request_records.`request_date`,
    request_records.`model_id`,
    request_records.`served_entity_id`,
    request_records.`customer_id`,
    request_records.`plan`,
    request_records.`tenure_months`,
    request_records.`monthly_charges`,
    request_records.`churn_prediction`,
    try_cast(label_values.label_value AS STRING) AS `churned`,
    current_timestamp() AS `processed_at`
  FROM request_records
  LEFT JOIN label_values
    ON label_values.label_key = CAST(request_records.`customer_id` AS STRING)
) AS src
-- All rows of one request share its request_date: comparing it lets Delta skip target files.
ON tgt.`databricks_request_id` = src.`databricks_request_id`
  AND tgt.`record_index` = src.`record_index`
  AND tgt.`request_date` = src.`request_date`
-- Labels arrive late: fill them in on rows inserted earlier, never overwrite one.
WHEN MATCHED AND tgt.`churned` IS NULL AND src.`churned` IS NOT NULL THEN
  UPDATE SET tgt.`churned` = src.`churned`
WHEN NOT MATCHED THEN
  INSERT (
    `databricks_request_id`,
    `client_request_id`,
    `record_index`,
    `request_time`,
    `request_date`,
    `model_id`,
    `served_entity_id`,
    `customer_id`,
    `plan`,
    `tenure_months`,
    `monthly_charges`,
    `churn_prediction`,
    `churned`,
    `processed_at`
  )
  VALUES (
    src.`databricks_request_id`,
    src.`client_request_id`,
    src.`record_index`,
    src.`request_time`,
    src.`request_date`,
    src.`model_id`,
    src.`served_entity_id`,
    src.`customer_id`,
    src.`plan`,
    src.`tenure_months`,
    src.`monthly_charges`,
    src.`churn_prediction`,
    src.`churned`,
    src.`processed_at`
  )
