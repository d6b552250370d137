-- Golden file (every column type, labels on client_request_id, model id without the system table: refresh MERGE). Regenerate: UPDATE_GOLDEN=1 npx jest test/sql
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
      -- from_json returns NULL for JSON it cannot parse instead of failing the statement.
      from_json(payload.`request`, 'STRUCT<dataframe_records: ARRAY<STRUCT<`f_string`: STRING, `f_boolean`: BOOLEAN, `f_int`: INT, `f_bigint`: BIGINT, `f_float`: FLOAT, `f_double`: DOUBLE, `f_date`: DATE, `f_timestamp`: TIMESTAMP>>, dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>>') AS request_json,
      from_json(payload.`response`, 'STRUCT<predictions: ARRAY<FLOAT>>') AS response_json,
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
  -- One row per record, whichever shape the request used: split rows are rebuilt as records,
  -- then posexplode keeps the position of each record to align it with its prediction. OUTER keeps
  -- a request that has neither shape (or is not JSON) as one row with NULL features.
  request_records AS (
    SELECT
      payload_rows.`databricks_request_id`,
      payload_rows.`client_request_id`,
      coalesce(exploded.record_pos, 0) AS `record_index`,
      payload_rows.`request_time`,
      payload_rows.`request_date`,
      payload_rows.`served_entity_id`,
      exploded.record_values.`f_string` AS `f_string`,
      exploded.record_values.`f_boolean` AS `f_boolean`,
      exploded.record_values.`f_int` AS `f_int`,
      exploded.record_values.`f_bigint` AS `f_bigint`,
      exploded.record_values.`f_float` AS `f_float`,
      exploded.record_values.`f_double` AS `f_double`,
      exploded.record_values.`f_date` AS `f_date`,
      exploded.record_values.`f_timestamp` AS `f_timestamp`,
      -- Predictions are in record order. try_element_at is 1-based and NULL past the end.
      try_element_at(payload_rows.response_json.predictions, coalesce(exploded.record_pos, 0) + 1) AS `score`
    FROM payload_rows
    LATERAL VIEW OUTER posexplode(
      coalesce(
        payload_rows.request_json.dataframe_records,
        transform(
          payload_rows.request_json.dataframe_split.data,
          split_row -> named_struct(
            'f_string', try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_string'), 0) AS INT)),
            'f_boolean', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_boolean'), 0) AS INT)) AS BOOLEAN),
            'f_int', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_int'), 0) AS INT)) AS INT),
            'f_bigint', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_bigint'), 0) AS INT)) AS BIGINT),
            'f_float', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_float'), 0) AS INT)) AS FLOAT),
            'f_double', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_double'), 0) AS INT)) AS DOUBLE),
            'f_date', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_date'), 0) AS INT)) AS DATE),
            'f_timestamp', try_cast(try_element_at(split_row, CAST(nullif(array_position(payload_rows.request_json.dataframe_split.columns, 'f_timestamp'), 0) AS INT)) AS TIMESTAMP)
          )
        )
      )
    ) exploded AS record_pos, record_values
    WHERE payload_rows.copy_number = 1
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
    request_records.`served_entity_id` AS `model_id`,
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
