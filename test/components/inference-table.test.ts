import { InferenceTable } from "../../components/InferenceTable";
import { refreshProcessedTableSql } from "../../sql/processed-table";
import { processedTableSpecOf } from "../../core/processed-table-spec";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { TYPES, inMockRuntime, single } from "../helpers/mock-program";
import * as pulumi from "@pulumi/pulumi";
import { partsOf } from "../helpers/component-args";

function specOf(stackName = "dev", stack = baseStack()) {
  const [spec] = loadFixture({ fraud: baseModel() }, stack, stackName).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

/** Stands for the readiness wait that a later component provides. */
class Marker extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Marker", name, {});
  }
}

describe("InferenceTable", () => {
  it("declares a typed processed table from the feature schema", async () => {
    const spec = specOf();
    const { resources } = await inMockRuntime(
      () => new InferenceTable("fraud-inference", partsOf(spec).inference),
    );
    const table = single(resources, TYPES.sqlTable);
    expect(table.inputs).toMatchObject({
      catalogName: "ml_dev",
      schemaName: "inference",
      name: "fraud_processed",
      tableType: "MANAGED",
      dataSourceFormat: "DELTA",
      clusterKeys: ["request_date"],
      properties: { "delta.enableChangeDataFeed": "true" },
    });
    const columns = (table.inputs.columns as { name: string; type: string }[]).map(
      (c) => `${c.name}:${c.type}`,
    );
    expect(columns).toEqual(
      expect.arrayContaining([
        "amount:DOUBLE",
        "merchant_category:STRING",
        "is_fraud:INT",
        "request_time:TIMESTAMP",
        "model_id:STRING",
      ]),
    );
    expect(table.options.protect).toBeUndefined();
  });

  it("refreshes the processed table with the generated MERGE on a schedule, one run at a time", async () => {
    const spec = specOf();
    const { resources } = await inMockRuntime(
      () => new InferenceTable("fraud-inference", partsOf(spec).inference),
    );
    const query = single(resources, TYPES.query);
    expect(query.inputs.queryText).toBe(refreshProcessedTableSql(processedTableSpecOf(spec)));
    expect(query.inputs.warehouseId).toBe("0123456789abcdef");
    const job = single(resources, TYPES.job);
    expect(job.inputs).toMatchObject({
      maxConcurrentRuns: 1,
      schedule: { quartzCronExpression: "0 0 * * * ?", timezoneId: "UTC", pauseStatus: "PAUSED" },
      tasks: [
        {
          taskKey: "merge_payload",
          sqlTask: {
            warehouseId: "0123456789abcdef",
            query: { queryId: "fraud-inference-refresh-sql-id" },
          },
        },
      ],
    });
    expect(job.dependsOn).toEqual(
      expect.arrayContaining([query.urn, single(resources, TYPES.sqlTable).urn]),
    );
  });

  it("waits for whatever signals that the payload table exists", async () => {
    const spec = specOf();
    const { resources } = await inMockRuntime(() => {
      const ready = new Marker("payload-ready");
      return new InferenceTable("fraud-inference", {
        ...partsOf(spec).inference,
        payloadTableReady: ready,
      });
    });
    const marker = resources.find((r) => r.type === "test:index:Marker");
    expect(single(resources, TYPES.job).dependsOn).toContain(marker?.urn);
  });

  it("protects and retains the processed table in prod, and runs the schedule", async () => {
    const spec = specOf("prod", baseStack({ environment: "prod" }));
    const { resources } = await inMockRuntime(
      () => new InferenceTable("fraud-inference", partsOf(spec).inference),
      { stack: "prod" },
    );
    expect(single(resources, TYPES.sqlTable).options).toMatchObject({
      protect: true,
      retainOnDelete: true,
    });
    expect(single(resources, TYPES.job).inputs).toMatchObject({
      schedule: { pauseStatus: "UNPAUSED" },
    });
  });
});
