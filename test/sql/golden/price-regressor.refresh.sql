-- Golden file (regression, no labels: refresh MERGE). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
MERGE INTO `ml_dev`.`pricing`.`price_model_processed` AS tgt
USING (
  WITH
  -- Incremental window: payload rows land late (best effort), so re-read a margin behind the
  -- newest processed row. MERGE skips rows already there.
  refresh_window AS (
    SELECT coalesce(
      max(existing.`request_time`) - make_dt_interval(0, 2),
      TIMESTAMP '1970-01-01 00:00:00'
    ) AS since
    FROM `ml_dev`.`pricing`.`price_model_processed` AS existing
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
    FROM `ml_dev`.`pricing`.`price_model_payload` AS payload
    -- Only successful requests carry a prediction worth monitoring.
    WHERE payload.`status_code` = 200
      AND payload.`databricks_request_id` IS NOT NULL
      AND payload.`request_time` >= (SELECT refresh_window.since FROM refresh_window)
      -- request_date clusters the payload table, so this lets Delta skip files. One day of
      -- slack because to_date uses the session time zone and request_date is UTC.
      AND payload.`request_date` >= date_sub(to_date((SELECT refresh_window.since FROM refresh_window)), 1)
  ),
  -- One row per request this run processes (its first copy), with the monitor's model id.
  model_requests AS (
    SELECT
      payload_rows.`databricks_request_id`,
      payload_rows.`client_request_id`,
      payload_rows.`request_time`,
      payload_rows.`request_date`,
      payload_rows.`served_entity_id`,
      payload_rows.`served_entity_id` AS `model_id`,
      payload_rows.`request`,
      payload_rows.`response`
    FROM payload_rows
    WHERE payload_rows.copy_number = 1
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
      from_json(model_requests.`request`, 'STRUCT<dataframe_records: ARRAY<STRUCT<`square_meters`: DOUBLE, `rooms`: INT, `postcode`: STRING>>, dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>, instances: ARRAY<STRUCT<`square_meters`: DOUBLE, `rooms`: INT, `postcode`: STRING>>, inputs: STRUCT<`square_meters`: ARRAY<DOUBLE>, `rooms`: ARRAY<INT>, `postcode`: ARRAY<STRING>>>') AS request_json,
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
      exploded.record_values.`square_meters` AS `square_meters`,
      exploded.record_values.`rooms` AS `rooms`,
      exploded.record_values.`postcode` AS `postcode`,
      -- Predictions are in record order. try_element_at is 1-based and NULL past the end.
      try_cast(
        CASE
          WHEN parsed_requests.predictions_json LIKE '{%' THEN try_element_at(
            from_json(parsed_requests.predictions_json, 'STRUCT<`predicted_price`: ARRAY<STRING>>').`predicted_price`,
            coalesce(exploded.record_pos, 0) + 1
          )
          WHEN try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1) LIKE '{%' THEN
            from_json(try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1), 'STRUCT<`predicted_price`: STRING>').`predicted_price`
          ELSE try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1)
        END
        AS DOUBLE
      ) AS `predicted_price`
    FROM parsed_requests
    LATERAL VIEW OUTER posexplode(
      coalesce(
        parsed_requests.request_json.dataframe_records,
        parsed_requests.request_json.instances,
        transform(
          parsed_requests.request_json.dataframe_split.data,
          split_row -> named_struct(
            'square_meters', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'square_meters'), 0) AS INT)) AS DOUBLE),
            'rooms', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'rooms'), 0) AS INT)) AS INT),
            'postcode', try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'postcode'), 0) AS INT))
          )
        ),
        CASE WHEN greatest(size(parsed_requests.request_json.inputs.`square_meters`), size(parsed_requests.request_json.inputs.`rooms`), size(parsed_requests.request_json.inputs.`postcode`)) > 0 THEN transform(
          sequence(1, greatest(size(parsed_requests.request_json.inputs.`square_meters`), size(parsed_requests.request_json.inputs.`rooms`), size(parsed_requests.request_json.inputs.`postcode`))),
          record_number -> named_struct(
            'square_meters', try_element_at(parsed_requests.request_json.inputs.`square_meters`, record_number),
            'rooms', try_element_at(parsed_requests.request_json.inputs.`rooms`, record_number),
            'postcode', try_element_at(parsed_requests.request_json.inputs.`postcode`, record_number)
          )
        ) END
      )
    ) exploded AS record_pos, record_values
  )
  SELECT
    request_records.`databricks_request_id`,
    request_records.`client_request_id`,
    request_records.`record_index`,
    request_records.`request_time`,
    request_records.`request_date`,
    request_records.`model_id`,
    request_records.`served_entity_id`,
    request_records.`square_meters`,
    request_records.`rooms`,
    request_records.`postcode`,
    request_records.`predicted_price`,
    current_timestamp() AS `processed_at`
  FROM request_records
) AS src
-- All rows of one request share its request_date: comparing it lets Delta skip target files.
ON tgt.`databricks_request_id` = src.`databricks_request_id`
  AND tgt.`record_index` = src.`record_index`
  AND tgt.`request_date` = src.`request_date`
WHEN NOT MATCHED THEN
  INSERT (
    `databricks_request_id`,
    `client_request_id`,
    `record_index`,
    `request_time`,
    `request_date`,
    `model_id`,
    `served_entity_id`,
    `square_meters`,
    `rooms`,
    `postcode`,
    `predicted_price`,
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
    src.`square_meters`,
    src.`rooms`,
    src.`postcode`,
    src.`predicted_price`,
    src.`processed_at`
  )
