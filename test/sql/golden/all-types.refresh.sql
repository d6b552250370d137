-- Golden file (every column type, labels on client_request_id, model id from the served entity id: refresh MERGE). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
MERGE INTO `main`.`monitoring`.`kitchen_sink_processed` AS tgt
USING (
  WITH
  -- Incremental window: payload rows land late (best effort), so re-read a margin behind the
  -- newest processed row. MERGE skips rows already there.
  refresh_window AS (
    SELECT coalesce(
      least(
        max(existing.`request_time`) - make_dt_interval(0, 0),
        max(existing.`request_time`) - make_dt_interval(14)
      ),
      TIMESTAMP '1970-01-01 00:00:00'
    ) AS since
    FROM `main`.`monitoring`.`kitchen_sink_processed` AS existing
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
    FROM `main`.`monitoring`.`kitchen_sink_payload` AS payload
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
      from_json(model_requests.`request`, 'STRUCT<dataframe_records: ARRAY<STRUCT<`f_string`: STRING, `f_boolean`: BOOLEAN, `f_int`: INT, `f_bigint`: BIGINT, `f_float`: FLOAT, `f_double`: DOUBLE, `f_date`: DATE, `f_timestamp`: TIMESTAMP>>, dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>, instances: ARRAY<STRUCT<`f_string`: STRING, `f_boolean`: BOOLEAN, `f_int`: INT, `f_bigint`: BIGINT, `f_float`: FLOAT, `f_double`: DOUBLE, `f_date`: DATE, `f_timestamp`: TIMESTAMP>>, inputs: STRUCT<`f_string`: ARRAY<STRING>, `f_boolean`: ARRAY<BOOLEAN>, `f_int`: ARRAY<INT>, `f_bigint`: ARRAY<BIGINT>, `f_float`: ARRAY<FLOAT>, `f_double`: ARRAY<DOUBLE>, `f_date`: ARRAY<DATE>, `f_timestamp`: ARRAY<TIMESTAMP>>>') AS request_json,
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
      exploded.record_values.`f_string` AS `f_string`,
      exploded.record_values.`f_boolean` AS `f_boolean`,
      exploded.record_values.`f_int` AS `f_int`,
      exploded.record_values.`f_bigint` AS `f_bigint`,
      exploded.record_values.`f_float` AS `f_float`,
      exploded.record_values.`f_double` AS `f_double`,
      exploded.record_values.`f_date` AS `f_date`,
      exploded.record_values.`f_timestamp` AS `f_timestamp`,
      -- Predictions are in record order. try_element_at is 1-based and NULL past the end.
      try_cast(
        CASE
          WHEN parsed_requests.predictions_json LIKE '{%' THEN try_element_at(
            from_json(parsed_requests.predictions_json, 'STRUCT<`score`: ARRAY<STRING>>').`score`,
            coalesce(exploded.record_pos, 0) + 1
          )
          WHEN try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1) LIKE '{%' THEN
            from_json(try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1), 'STRUCT<`score`: STRING>').`score`
          ELSE try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1)
        END
        AS FLOAT
      ) AS `score`
    FROM parsed_requests
    LATERAL VIEW OUTER posexplode(
      coalesce(
        parsed_requests.request_json.dataframe_records,
        parsed_requests.request_json.instances,
        transform(
          parsed_requests.request_json.dataframe_split.data,
          split_row -> named_struct(
            'f_string', try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_string'), 0) AS INT)),
            'f_boolean', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_boolean'), 0) AS INT)) AS BOOLEAN),
            'f_int', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_int'), 0) AS INT)) AS INT),
            'f_bigint', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_bigint'), 0) AS INT)) AS BIGINT),
            'f_float', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_float'), 0) AS INT)) AS FLOAT),
            'f_double', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_double'), 0) AS INT)) AS DOUBLE),
            'f_date', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_date'), 0) AS INT)) AS DATE),
            'f_timestamp', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'f_timestamp'), 0) AS INT)) AS TIMESTAMP)
          )
        ),
        CASE WHEN greatest(size(parsed_requests.request_json.inputs.`f_string`), size(parsed_requests.request_json.inputs.`f_boolean`), size(parsed_requests.request_json.inputs.`f_int`), size(parsed_requests.request_json.inputs.`f_bigint`), size(parsed_requests.request_json.inputs.`f_float`), size(parsed_requests.request_json.inputs.`f_double`), size(parsed_requests.request_json.inputs.`f_date`), size(parsed_requests.request_json.inputs.`f_timestamp`)) > 0 THEN transform(
          sequence(1, greatest(size(parsed_requests.request_json.inputs.`f_string`), size(parsed_requests.request_json.inputs.`f_boolean`), size(parsed_requests.request_json.inputs.`f_int`), size(parsed_requests.request_json.inputs.`f_bigint`), size(parsed_requests.request_json.inputs.`f_float`), size(parsed_requests.request_json.inputs.`f_double`), size(parsed_requests.request_json.inputs.`f_date`), size(parsed_requests.request_json.inputs.`f_timestamp`))),
          record_number -> named_struct(
            'f_string', try_element_at(parsed_requests.request_json.inputs.`f_string`, record_number),
            'f_boolean', try_element_at(parsed_requests.request_json.inputs.`f_boolean`, record_number),
            'f_int', try_element_at(parsed_requests.request_json.inputs.`f_int`, record_number),
            'f_bigint', try_element_at(parsed_requests.request_json.inputs.`f_bigint`, record_number),
            'f_float', try_element_at(parsed_requests.request_json.inputs.`f_float`, record_number),
            'f_double', try_element_at(parsed_requests.request_json.inputs.`f_double`, record_number),
            'f_date', try_element_at(parsed_requests.request_json.inputs.`f_date`, record_number),
            'f_timestamp', try_element_at(parsed_requests.request_json.inputs.`f_timestamp`, record_number)
          )
        ) END
      )
    ) exploded AS record_pos, record_values
  ),
  -- One label per key: a key with conflicting labels gets none rather than a guess. Keys
  -- compare as STRING because the labels key and the request key may differ in type.
  label_values AS (
    SELECT
      CAST(labels.`request_id` AS STRING) AS label_key,
      min(labels.`outcome`) AS label_value
    FROM `main`.`monitoring`.`kitchen_sink_labels` AS labels
    WHERE labels.`request_id` IS NOT NULL AND labels.`outcome` IS NOT NULL
    GROUP BY CAST(labels.`request_id` AS STRING)
    HAVING count(DISTINCT labels.`outcome`) = 1
  )
  SELECT
    request_records.`databricks_request_id`,
    request_records.`client_request_id`,
    request_records.`record_index`,
    request_records.`request_time`,
    request_records.`request_date`,
    request_records.`model_id`,
    request_records.`served_entity_id`,
    request_records.`f_string`,
    request_records.`f_boolean`,
    request_records.`f_int`,
    request_records.`f_bigint`,
    request_records.`f_float`,
    request_records.`f_double`,
    request_records.`f_date`,
    request_records.`f_timestamp`,
    request_records.`score`,
    try_cast(label_values.label_value AS BOOLEAN) AS `outcome`,
    current_timestamp() AS `processed_at`
  FROM request_records
  LEFT JOIN label_values
    ON label_values.label_key = CAST(request_records.`client_request_id` AS STRING)
) AS src
-- All rows of one request share its request_date: comparing it lets Delta skip target files.
ON tgt.`databricks_request_id` = src.`databricks_request_id`
  AND tgt.`record_index` = src.`record_index`
  AND tgt.`request_date` = src.`request_date`
-- Labels arrive late: fill them in on rows inserted earlier, never overwrite one.
WHEN MATCHED AND tgt.`outcome` IS NULL AND src.`outcome` IS NOT NULL THEN
  UPDATE SET tgt.`outcome` = src.`outcome`
WHEN NOT MATCHED THEN
  INSERT (
    `databricks_request_id`,
    `client_request_id`,
    `record_index`,
    `request_time`,
    `request_date`,
    `model_id`,
    `served_entity_id`,
    `f_string`,
    `f_boolean`,
    `f_int`,
    `f_bigint`,
    `f_float`,
    `f_double`,
    `f_date`,
    `f_timestamp`,
    `score`,
    `outcome`,
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
    src.`f_string`,
    src.`f_boolean`,
    src.`f_int`,
    src.`f_bigint`,
    src.`f_float`,
    src.`f_double`,
    src.`f_date`,
    src.`f_timestamp`,
    src.`score`,
    src.`outcome`,
    src.`processed_at`
  )
