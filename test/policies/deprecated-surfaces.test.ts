import {
  noDeprecatedResourceTypes,
  noDeprecatedServingInputs,
} from "../../policies/rules/deprecated-surfaces";
import { context, monitoredModel, resource, withInputs } from "./fixtures";

describe("no-deprecated-resource-types", () => {
  it("passes AlertV2, Query and QualityMonitor", () => {
    const query = resource("databricks:index/query:Query", "refresh-sql", {
      queryText: "SELECT 1",
    });
    expect(noDeprecatedResourceTypes.check([...monitoredModel().all, query], context())).toEqual(
      [],
    );
  });

  it.each([
    ["databricks:index/sqlAlert:SqlAlert", "legacy SQL alert; use databricks.AlertV2"],
    ["databricks:index/alert:Alert", "alerts API v1 (/api/2.0/sql/alerts); use databricks.AlertV2"],
    ["databricks:index/sqlQuery:SqlQuery", "legacy SQL query; use databricks.Query"],
    ["databricks:index/lakehouseMonitor:LakehouseMonitor", "use databricks.QualityMonitor"],
  ])("fails %s", (type, advice) => {
    const legacy = resource(type, "legacy", {});
    expect(noDeprecatedResourceTypes.check([legacy], context())).toEqual([
      expect.objectContaining({ urn: legacy.urn, message: expect.stringContaining(advice) }),
    ]);
  });
});

describe("no-deprecated-serving-inputs", () => {
  it("passes an endpoint with served entities and AI Gateway settings", () => {
    expect(noDeprecatedServingInputs.check(monitoredModel().all, context())).toEqual([]);
  });

  it("fails legacy auto-capture, servedModels and top-level rate limits", () => {
    const m = monitoredModel();
    const legacy = withInputs(m.endpoint, {
      config: { autoCaptureConfig: { catalogName: "ml_prod" }, servedModels: [{ name: "old" }] },
      rateLimits: [{ calls: 10, renewalPeriod: "minute" }],
    });
    expect(noDeprecatedServingInputs.check([legacy], context()).map((f) => f.message)).toEqual([
      expect.stringContaining(
        "sets config.autoCaptureConfig: the legacy inference table cannot be enabled any more",
      ),
      expect.stringContaining("sets config.servedModels"),
      expect.stringContaining("sets rateLimits"),
    ]);
  });

  it("ignores an empty servedModels list", () => {
    const m = monitoredModel();
    expect(
      noDeprecatedServingInputs.check(
        [withInputs(m.endpoint, { config: { servedModels: [] } })],
        context(),
      ),
    ).toEqual([]);
  });
});
