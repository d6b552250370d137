import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";
import { THRESHOLD_COLUMNS } from "../../../../sql/thresholds-table";

/** thresholds-table: an existing drift_thresholds holds what DriftThresholds writes. */

const TABLE = "ml_dev.monitoring.drift_thresholds";
const columns = () => THRESHOLD_COLUMNS.map(([name, type]) => ({ name, type: type.toLowerCase() }));

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({ fraud: fraudModel() });
});
afterAll(() => w.close());
const line = async () => lineOf((await w.preflight()).output, "thresholds-table");

describe("preflight thresholds-table", () => {
  it("passes a table the first up will create, and one with every column", async () => {
    expect(await line()).toMatchObject({
      status: "pass",
      detail: "not yet: the first pulumi up creates it",
    });
    w.workspace.state.tables.seed({ full_name: TABLE, columns: columns() });
    expect(await line()).toMatchObject({
      status: "pass",
      detail: "holds the 9 columns the provider writes",
    });
  });

  it("fails a table from before the owner column, with the ALTER TABLE that fixes it", async () => {
    w.workspace.state.tables.seed({
      full_name: TABLE,
      columns: columns().filter((c) => c.name !== "owner"),
    });
    expect(await line()).toMatchObject({
      status: "fail",
      detail: "lacks owner: every DriftThresholds write would fail",
      fix: "ALTER TABLE `ml_dev`.`monitoring`.`drift_thresholds` ADD COLUMNS (`owner` STRING)",
    });
  });
});
