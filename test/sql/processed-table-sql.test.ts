import {
  createProcessedTableSql,
  describeProcessedTable,
  processedTableColumns,
  refreshProcessedTableSql,
} from "../../sql/processed-table";
import { rowsWithoutFeaturesSql } from "../../sql/processed-table-checks";
import { UC_IDENTIFIER } from "../../core/names";
import { MODEL_ID_COMMENTS, ROLE_COMMENTS } from "../../sql/processed-table-columns";
import { PREDICTIONS_PATH } from "../../sql/response-shapes";
import { PROCESSED_TABLE_COMMENT } from "../../sql/processed-table-create";
import type { ProcessedTableSpec } from "../../core/processed-table-spec";
import { allTypesSpec, churnClassifierSpec, priceRegressorSpec } from "./fixtures/specs";

const SPECS = { churn: churnClassifierSpec, price: priceRegressorSpec, allTypes: allTypesSpec };

/** Text between single quotes, ignoring `--` comment lines (they may contain apostrophes). */
function stringLiterals(sql: string): string[] {
  const code = sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n");
  return [...code.matchAll(/'([^']*)'/g)].map((m) => m[1] ?? "");
}

describe("createProcessedTableSql", () => {
  const sql = createProcessedTableSql(churnClassifierSpec());

  it("creates the table only if missing, as Delta, clustered by request_date, with change data feed", () => {
    expect(sql).toMatch(
      /^CREATE TABLE IF NOT EXISTS `ml_prod`\.`churn`\.`churn_endpoint_processed` \(/,
    );
    expect(sql).toContain("\nUSING DELTA\n");
    expect(sql).toContain("\nCLUSTER BY (`request_date`)\n");
    expect(sql).toContain("TBLPROPERTIES (delta.enableChangeDataFeed = true)");
  });

  it("defines every processed column, in order, with its SQL type", () => {
    const defined = [...sql.matchAll(/^ {2}`(\w+)` (\w+) COMMENT /gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(defined).toEqual(
      processedTableColumns(churnClassifierSpec()).map((c) => `${c.name} ${c.type.toUpperCase()}`),
    );
  });

  it("never puts a user's comment into the DDL", () => {
    const spec = churnClassifierSpec();
    spec.features[0] = { name: "customer_id", type: "string", comment: "x'); DROP TABLE t; --" };
    const ddl = createProcessedTableSql(spec);
    expect(ddl).not.toContain("DROP TABLE");
    expect(ddl).not.toContain("Subscription plan");
  });
});

describe("refreshProcessedTableSql", () => {
  it("is one MERGE keyed on request id, record position and request date", () => {
    const sql = refreshProcessedTableSql(churnClassifierSpec());
    expect(sql).toMatch(
      /^MERGE INTO `ml_prod`\.`churn`\.`churn_endpoint_processed` AS tgt\nUSING \(/,
    );
    expect(sql).toContain(
      "ON tgt.`databricks_request_id` = src.`databricks_request_id`\n" +
        "  AND tgt.`record_index` = src.`record_index`\n" +
        "  AND tgt.`request_date` = src.`request_date`\n",
    );
    expect(sql.match(/\bMERGE INTO\b/g)).toHaveLength(1);
    expect(sql).not.toContain(";");
  });

  it("reads only successful requests from the payload table", () => {
    const sql = refreshProcessedTableSql(priceRegressorSpec());
    expect(sql).toContain("FROM `ml_dev`.`pricing`.`price_model_payload` AS payload");
    expect(sql).toContain("WHERE payload.`status_code` = 200\n");
  });

  it("parses every named request shape of the scoring API with one explicit schema", () => {
    const sql = refreshProcessedTableSql(priceRegressorSpec());
    const record = "STRUCT<`square_meters`: DOUBLE, `rooms`: INT, `postcode`: STRING>";
    expect(sql).toContain(
      `from_json(model_requests.\`request\`, 'STRUCT<dataframe_records: ARRAY<${record}>, ` +
        "dataframe_split: STRUCT<columns: ARRAY<STRING>, data: ARRAY<ARRAY<STRING>>>, " +
        `instances: ARRAY<${record}>, ` +
        "inputs: STRUCT<`square_meters`: ARRAY<DOUBLE>, `rooms`: ARRAY<INT>, `postcode`: ARRAY<STRING>>>') AS request_json",
    );
    // Records and row-format instances as parsed, then split rows, then columnar inputs.
    expect(sql).toContain(
      "coalesce(\n" +
        "        parsed_requests.request_json.dataframe_records,\n" +
        "        parsed_requests.request_json.instances,\n" +
        "        transform(\n" +
        "          parsed_requests.request_json.dataframe_split.data,\n",
    );
    expect(sql).toContain("LATERAL VIEW OUTER posexplode(");
    // Split rows: each feature found by name in `columns`, then cast to its type.
    expect(sql).toContain(
      "'rooms', try_cast(try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'rooms'), 0) AS INT)) AS INT)",
    );
    expect(sql).toContain(
      "'postcode', try_element_at(split_row, CAST(nullif(array_position(parsed_requests.request_json.dataframe_split.columns, 'postcode'), 0) AS INT))",
    );
    // Columnar inputs: record i takes element i of each feature's list, as many as the longest.
    const longest =
      "greatest(size(parsed_requests.request_json.inputs.`square_meters`), size(parsed_requests.request_json.inputs.`rooms`), size(parsed_requests.request_json.inputs.`postcode`))";
    expect(sql).toContain(`CASE WHEN ${longest} > 0 THEN transform(`);
    expect(sql).toContain(`sequence(1, ${longest}),`);
    expect(sql).toContain(
      "'rooms', try_element_at(parsed_requests.request_json.inputs.`rooms`, record_number)",
    );
  });

  it("counts columnar records without greatest when there is one feature", () => {
    const spec = priceRegressorSpec();
    spec.features = [{ name: "square_meters", type: "double" }];
    const sql = refreshProcessedTableSql(spec);
    expect(sql).toContain(
      "CASE WHEN size(parsed_requests.request_json.inputs.`square_meters`) > 0 THEN transform(",
    );
    expect(sql).not.toContain("greatest(");
  });

  it("reads each record's prediction from scalar, per-record object or columnar predictions", () => {
    const sql = refreshProcessedTableSql(priceRegressorSpec());
    expect(sql).toContain(
      "get_json_object(model_requests.`response`, '$.predictions') AS predictions_json",
    );
    expect(sql).toContain(
      "from_json(get_json_object(model_requests.`response`, '$.predictions'), 'ARRAY<STRING>') AS prediction_items",
    );
    const item =
      "try_element_at(parsed_requests.prediction_items, coalesce(exploded.record_pos, 0) + 1)";
    expect(sql).toContain(
      [
        "      try_cast(",
        "        CASE",
        "          WHEN parsed_requests.predictions_json LIKE '{%' THEN try_element_at(",
        "            from_json(parsed_requests.predictions_json, 'STRUCT<`predicted_price`: ARRAY<STRING>>').`predicted_price`,",
        "            coalesce(exploded.record_pos, 0) + 1",
        "          )",
        `          WHEN ${item} LIKE '{%' THEN`,
        `            from_json(${item}, 'STRUCT<\`predicted_price\`: STRING>').\`predicted_price\``,
        `          ELSE ${item}`,
        "        END",
        "        AS DOUBLE",
        "      ) AS `predicted_price`",
      ].join("\n"),
    );
    expect(sql).toContain("coalesce(exploded.record_pos, 0) AS `record_index`");
    // A STRING prediction is the text itself, without a cast.
    const churn = refreshProcessedTableSql(churnClassifierSpec());
    expect(churn).toMatch(/\n {6}END AS `churn_prediction`\n/);
    expect(churn).not.toContain("AS STRING\n      ) AS `churn_prediction`");
  });

  it("types every ColumnType feature in both shapes", () => {
    const sql = refreshProcessedTableSql(allTypesSpec());
    for (const [name, type] of [
      ["f_boolean", "BOOLEAN"],
      ["f_int", "INT"],
      ["f_bigint", "BIGINT"],
      ["f_float", "FLOAT"],
      ["f_double", "DOUBLE"],
      ["f_date", "DATE"],
      ["f_timestamp", "TIMESTAMP"],
    ]) {
      expect(sql).toContain(`\`${name}\`: ${type}`);
      expect(sql).toMatch(
        new RegExp(`'${name}', try_cast\\(.*'${name}'\\), 0\\) AS INT\\)\\) AS ${type}\\)`),
      );
    }
    expect(sql).toContain("`f_string`: STRING");
  });

  it("re-reads a window behind the newest processed row sized by lateArrivalHours", () => {
    const spec = priceRegressorSpec();
    expect(refreshProcessedTableSql(spec)).toContain(
      "max(existing.`request_time`) - make_dt_interval(0, 2),\n" +
        "      TIMESTAMP '1970-01-01 00:00:00'",
    );
    spec.lateArrivalHours = 48;
    const sql = refreshProcessedTableSql(spec);
    expect(sql).toContain("make_dt_interval(0, 48)");
    expect(sql).toContain("FROM `ml_dev`.`pricing`.`price_model_processed` AS existing");
    expect(sql).toContain(
      "AND payload.`request_time` >= (SELECT refresh_window.since FROM refresh_window)",
    );
    expect(sql).toContain(
      "AND payload.`request_date` >= date_sub(to_date((SELECT refresh_window.since FROM refresh_window)), 1)",
    );
  });

  it("reaches back over the labels lookback when labels are declared", () => {
    const sql = refreshProcessedTableSql(churnClassifierSpec());
    expect(sql).toContain(
      "least(\n" +
        "        max(existing.`request_time`) - make_dt_interval(0, 6),\n" +
        "        max(existing.`request_time`) - make_dt_interval(30)\n" +
        "      )",
    );
  });

  it("fills late labels only when a labels join is declared", () => {
    const withLabels = refreshProcessedTableSql(churnClassifierSpec());
    expect(withLabels).toContain(
      "WHEN MATCHED AND tgt.`churned` IS NULL AND src.`churned` IS NOT NULL THEN\n" +
        "  UPDATE SET tgt.`churned` = src.`churned`\n",
    );
    expect(withLabels).toContain("FROM `ml_prod`.`churn`.`churn_outcomes` AS labels");
    expect(withLabels).toContain(
      "ON label_values.label_key = CAST(request_records.`customer_id` AS STRING)",
    );
    expect(withLabels).toContain("HAVING count(DISTINCT labels.`churned`) = 1");

    const withoutLabels = refreshProcessedTableSql(priceRegressorSpec());
    expect(withoutLabels).not.toContain("WHEN MATCHED");
    expect(withoutLabels).not.toContain("label_values");
    expect(withoutLabels).not.toContain("least(");
  });

  it("joins labels on client_request_id when that is the request key", () => {
    const sql = refreshProcessedTableSql(allTypesSpec());
    expect(sql).toContain(
      "ON label_values.label_key = CAST(request_records.`client_request_id` AS STRING)",
    );
    expect(sql).toContain("try_cast(label_values.label_value AS BOOLEAN) AS `outcome`");
  });

  it("by default takes the model id from the payload row, so it needs no system table", () => {
    const spec = priceRegressorSpec();
    expect(spec.modelIdSource).toBeUndefined();
    const sql = refreshProcessedTableSql(spec);
    expect(sql).not.toMatch(/system|served_entities/);
    expect(sql).toContain("payload_rows.`served_entity_id` AS `model_id`,");
    expect(sql).toContain("    request_records.`model_id`,\n");
    expect(describeProcessedTable(spec).modelIdSource).toBe("served_entity_id");
  });

  it("with modelIdSource system_table gives each served entity id the version it was first recorded with", () => {
    const sql = refreshProcessedTableSql(churnClassifierSpec());
    expect(sql).toContain("FROM `system`.`serving`.`served_entities` AS entity");
    expect(sql).toContain("ASSUMPTION (UNCONFIRMED)");
    expect(sql).toContain(
      "ORDER BY entity.`change_time`, entity.`entity_name`, entity.`entity_version`",
    );
    expect(sql).toContain("WHERE served_entity_versions.row_order = 1");
    expect(sql).toContain("served_entity_names.model_id AS `model_id`,");
  });

  it("with modelIdSource system_table never writes a stand-in id: requests of an unlisted entity and later ones wait", () => {
    const sql = refreshProcessedTableSql(churnClassifierSpec());
    // The old fallback gave an unlisted entity its raw id until the system table caught up.
    expect(sql).not.toMatch(/coalesce\([^\n]*served_entity_names\.model_id/);
    expect(sql).toContain(
      [
        "    SELECT min(payload_rows.`request_time`) AS first_request_time",
        "    FROM payload_rows",
        "    LEFT JOIN served_entity_names",
        "      ON served_entity_names.`served_entity_id` = payload_rows.`served_entity_id`",
        "    WHERE payload_rows.`served_entity_id` IS NOT NULL",
        "      AND served_entity_names.`served_entity_id` IS NULL",
      ].join("\n"),
    );
    expect(sql).toContain(
      "        unlisted_entities.first_request_time IS NULL\n" +
        "        OR payload_rows.`request_time` < unlisted_entities.first_request_time\n",
    );
  });

  it("describes the model id column by its source", () => {
    const comment = (spec: ProcessedTableSpec) =>
      processedTableColumns(spec).find((c) => c.name === "model_id")?.comment;
    expect(comment(priceRegressorSpec())).toBe(MODEL_ID_COMMENTS.served_entity_id);
    expect(comment(churnClassifierSpec())).toBe(MODEL_ID_COMMENTS.system_table);
  });

  it("inserts exactly the processed columns, in table order", () => {
    for (const make of Object.values(SPECS)) {
      const spec = make();
      const names = processedTableColumns(spec).map((c) => `\`${c.name}\``);
      const sql = refreshProcessedTableSql(spec);
      expect(sql).toContain(`  INSERT (\n    ${names.join(",\n    ")}\n  )`);
      expect(sql).toContain(`  VALUES (\n    ${names.map((n) => `src.${n}`).join(",\n    ")}\n  )`);
    }
  });

  it("is deterministic", () => {
    for (const make of Object.values(SPECS)) {
      expect(refreshProcessedTableSql(make())).toBe(refreshProcessedTableSql(make()));
      expect(createProcessedTableSql(make())).toBe(createProcessedTableSql(make()));
    }
  });
});

describe("config values in the generated SQL", () => {
  it("appear as string literals only when they are validated identifiers", () => {
    // Text of the generator itself; anything else between quotes must be an identifier or a
    // from_json schema built from identifiers and type keywords.
    const constants = new Set<string>([
      "",
      "/",
      "1970-01-01 00:00:00",
      "{%",
      PREDICTIONS_PATH,
      PROCESSED_TABLE_COMMENT,
      ...Object.values(ROLE_COMMENTS),
      ...Object.values(MODEL_ID_COMMENTS),
    ]);
    for (const make of Object.values(SPECS)) {
      const spec = make();
      for (const c of processedTableColumns({
        ...spec,
        features: spec.features.map(({ name, type }) => ({ name, type })),
      })) {
        if (c.comment) constants.add(c.comment);
      }
      const statements = [
        createProcessedTableSql(spec),
        refreshProcessedTableSql(spec),
        rowsWithoutFeaturesSql(spec, 7),
      ];
      for (const literal of statements.flatMap(stringLiterals)) {
        const schema = /^(STRUCT|ARRAY)<[A-Za-z0-9_ ,:<>`]*>$/.test(literal);
        expect({
          literal,
          allowed: constants.has(literal) || schema || UC_IDENTIFIER.test(literal),
        }).toEqual({
          literal,
          allowed: true,
        });
      }
    }
  });

  it("never carry a user's comment", () => {
    const spec = churnClassifierSpec();
    expect(spec.features[1]?.comment).toBe("Subscription plan at request time");
    const text = [createProcessedTableSql(spec), refreshProcessedTableSql(spec)].join("\n");
    expect(text).not.toContain("Subscription plan");
  });

  it.each<[string, (s: ProcessedTableSpec) => void, string]>([
    ["feature name", (s) => (s.features[0] = { name: "a`b", type: "int" }), '"a`b"'],
    ["prediction name", (s) => (s.prediction = { name: "p'", type: "int" }), `"p'"`],
    ["payload table", (s) => (s.payloadTable.table = "t; DROP TABLE x"), '"t; DROP TABLE x"'],
    ["processed catalog", (s) => (s.processedTable.catalog = "main--"), '"main--"'],
    ["labels column", (s) => s.labelsJoin && (s.labelsJoin.labelColumn = "y/*"), '"y/*"'],
    [
      "column type",
      (s) => ((s.prediction as { type: string }).type = "STRING>>, x: INT"),
      '"STRING>>, x: INT"',
    ],
  ])("a hostile %s stops every generator, naming the value", (_what, change, shown) => {
    const spec = churnClassifierSpec();
    change(spec);
    expect(() => createProcessedTableSql(spec)).toThrow(shown);
    expect(() => refreshProcessedTableSql(spec)).toThrow(shown);
    expect(() => describeProcessedTable(spec)).toThrow(shown);
  });

  it.each([-1, 1.5, Number.POSITIVE_INFINITY, 1e9])("rejects the window size %p", (hours) => {
    const spec = priceRegressorSpec();
    spec.lateArrivalHours = hours;
    expect(() => refreshProcessedTableSql(spec)).toThrow(/lateArrivalHours/);
  });
});

describe("rowsWithoutFeaturesSql", () => {
  it("counts recent rows whose features are all NULL", () => {
    expect(rowsWithoutFeaturesSql(priceRegressorSpec(), 7)).toBe(
      [
        "SELECT",
        "  count(*) AS rows_checked,",
        "  count_if(`square_meters` IS NULL AND `rooms` IS NULL AND `postcode` IS NULL) AS rows_without_features",
        "FROM `ml_dev`.`pricing`.`price_model_processed`",
        "WHERE `request_time` >= current_timestamp() - make_dt_interval(7)",
      ].join("\n"),
    );
  });

  it("rejects a window that is not a whole number of days", () => {
    expect(() => rowsWithoutFeaturesSql(priceRegressorSpec(), 0.5)).toThrow(/lastDays 0\.5/);
  });
});

describe("describeProcessedTable", () => {
  it("summarises names, columns, monitor columns and statements", () => {
    const spec = churnClassifierSpec();
    const summary = describeProcessedTable(spec);
    expect(summary).toMatchObject({
      payloadTable: "ml_prod.churn.churn_endpoint_payload",
      processedTable: "ml_prod.churn.churn_endpoint_processed",
      labelsTable: "ml_prod.churn.churn_outcomes",
      columnCount: 14,
      monitor: {
        timestampColumn: "request_time",
        modelIdColumn: "model_id",
        predictionColumn: "churn_prediction",
        labelColumn: "churned",
      },
      modelIdSource: "system_table",
      lateArrivalHours: 6,
      labelLookbackDays: 30,
    });
    expect(summary.columns).toHaveLength(summary.columnCount);
    expect(summary.statements.create).toBe(createProcessedTableSql(spec));
    expect(summary.statements.refresh).toBe(refreshProcessedTableSql(spec));
  });

  it("reports no label and no labels table for a model without labels", () => {
    const summary = describeProcessedTable(priceRegressorSpec());
    expect(summary.monitor.labelColumn).toBeNull();
    expect(summary.labelsTable).toBeNull();
    expect(summary.labelLookbackDays).toBeNull();
    expect(summary.columnCount).toBe(12);
  });
});
