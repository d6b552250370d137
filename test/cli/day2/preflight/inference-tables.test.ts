import { payloadTableColumns } from "../../../support/databricks-tables";
import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";
import { processedTableColumns } from "../../../../sql/processed-table-columns";
import { processedTableSpecOf } from "../../../../core/processed-table-spec";

/** inference-tables: existing payload and processed tables against the plan. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({ fraud: fraudModel() });
});
afterAll(() => w.close());

const PAYLOAD = "ml_dev.inference.fraud_payload";
const PROCESSED = "ml_dev.inference.fraud_processed";
const planned = () =>
  processedTableColumns(processedTableSpecOf(w.spec("fraud"))).map((c) => ({
    name: c.name,
    type: c.type as string,
  }));
const lines = async () => {
  const { output } = await w.preflight();
  return {
    payload: lineOf(output, "inference-tables", { subject: PAYLOAD }),
    processed: lineOf(output, "inference-tables", { subject: PROCESSED }),
  };
};

describe("preflight inference-tables", () => {
  it("passes tables that do not exist yet, and existing ones as planned", async () => {
    expect((await lines()).payload.detail).toBe("not yet: Databricks creates it for the endpoint");
    w.workspace.state.tables.seed({
      full_name: PAYLOAD,
      columns: payloadTableColumns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
    });
    w.workspace.state.tables.seed({ full_name: PROCESSED, columns: planned() });
    const { payload, processed } = await lines();
    expect(payload).toMatchObject({
      status: "pass",
      detail: "exists with the columns the processing reads",
    });
    expect(processed).toMatchObject({
      status: "pass",
      detail: `exists with the ${planned().length} planned columns`,
    });
  });

  it("fails a legacy payload table and a processed column of another type", async () => {
    w.workspace.state.tables.seed({
      full_name: PAYLOAD,
      columns: [
        { name: "databricks_request_id", type: "string" },
        { name: "timestamp_ms", type: "bigint" },
        { name: "status_code", type: "int" },
      ],
    });
    w.workspace.state.tables.seed({
      full_name: PROCESSED,
      columns: planned().map((c) => (c.name === "amount" ? { ...c, type: "string" } : c)),
    });
    const { payload, processed } = await lines();
    expect(payload).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("(a legacy auto_capture_config table)"),
    });
    expect(processed).toMatchObject({
      status: "fail",
      detail: "amount is string, expected double",
      fix: expect.stringContaining("cannot change a column's type"),
    });
  });

  it("warns of planned columns the table lacks and of columns the plan lacks", async () => {
    w.workspace.state.tables.seed({
      full_name: PROCESSED,
      columns: [
        ...planned().filter((c) => c.name !== "merchant_category"),
        { name: "note", type: "string" },
      ],
    });
    expect((await lines()).processed).toMatchObject({
      status: "warn",
      detail: "pulumi up adds merchant_category; not in the plan: note",
    });
  });
});
