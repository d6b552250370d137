import {
  driftAlertsProblems,
  grantProblems,
  qualityMonitorProblems,
  servingEndpointProblems,
  threeLevelNameProblems,
} from "../../components/arg-checks";
import { ServingEndpoint, type ServingEndpointArgs } from "../../components/ServingEndpoint";
import { inMockRuntime } from "../helpers/mock-program";

const endpoint: ServingEndpointArgs = {
  model: "fraud",
  endpointName: "fraud-dev",
  registeredModel: "ml.models.fraud",
  servedEntities: [{ name: "champion", version: "3", trafficPercentage: 100 }],
  inferenceTable: { catalog: "ml", schema: "inference", tablePrefix: "fraud" },
};

describe("component argument checks", () => {
  it("accepts a plain endpoint", () => {
    expect(servingEndpointProblems(endpoint)).toEqual([]);
  });

  it("names every endpoint problem at once: traffic, version/alias, sizing conflicts", () => {
    const problems = servingEndpointProblems({
      ...endpoint,
      servedEntities: [
        { name: "a", version: "1", alias: "champion", trafficPercentage: 50 },
        { name: "a", trafficPercentage: 20 },
      ],
      workloadSize: "Small",
      minProvisionedConcurrency: 8,
      maxProvisionedConcurrency: 4,
    });
    expect(problems).toEqual([
      "servedEntities[0]: give exactly one of version and alias",
      'servedEntities[1].name: "a" is used twice',
      "servedEntities[1]: give exactly one of version and alias",
      "servedEntities: traffic percentages must add up to 100, got 70",
      "workloadSize conflicts with min/maxProvisionedConcurrency: give one of them",
      "minProvisionedConcurrency (8) exceeds maxProvisionedConcurrency (4)",
    ]);
  });

  it("checks monitors, alerts, names and grants", () => {
    expect(
      qualityMonitorProblems({
        granularities: ["1 day", "1 day"],
        slicingExprs: ["x; DROP TABLE t"],
        failureEmails: ["a", "b", "c", "d", "e", "f"],
      }),
    ).toHaveLength(3);
    expect(driftAlertsProblems({ recipients: [], retriggerMinutes: -1 })).toHaveLength(2);
    expect(threeLevelNameProblems("fullName", "ml.models")).toHaveLength(1);
    expect(threeLevelNameProblems("fullName", "ml.models.fraud")).toEqual([]);
    expect(
      grantProblems([
        { principal: "g", privileges: ["ALL_PRIVILEGES", "EXECUTE"] },
        { principal: "g", privileges: ["EXECUTE"] },
      ]),
    ).toHaveLength(2);
  });

  it("rejects conflicting arguments in the constructor, naming the component", async () => {
    await expect(
      inMockRuntime(
        () =>
          new ServingEndpoint("fraud-endpoint", {
            ...endpoint,
            workloadSize: "Small",
            minProvisionedConcurrency: 4,
            maxProvisionedConcurrency: 8,
          }),
      ),
    ).rejects.toThrow(
      "ServingEndpoint fraud-endpoint: invalid arguments:\n- workloadSize conflicts with min/maxProvisionedConcurrency",
    );
  });
});
