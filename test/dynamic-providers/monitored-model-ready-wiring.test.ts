import { MonitoredModel } from "../../components/MonitoredModel";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import { TYPES, computedOutputs, inMockRuntime, single } from "../helpers/mock-program";

const PAYLOAD_READY = "pulumi-nodejs:dynamic/model-monitoring:PayloadTableReady";
const MONITOR_READY = "pulumi-nodejs:dynamic/model-monitoring:MonitorReady";

function spec() {
  const [model] = loadFixture({ fraud: baseModel() }, baseStack(), "dev").models;
  if (!model) throw new Error("no spec");
  return model;
}

describe("MonitoredModel readiness waits", () => {
  it("looks for the payload table between the endpoint and the refresh job", async () => {
    const { resources } = await inMockRuntime(() => MonitoredModel.fromSpec(spec()));
    const wait = single(resources, PAYLOAD_READY);
    expect(wait.inputs).toMatchObject({
      tableName: "ml_dev.inference.fraud_payload",
      endpointName: expect.any(String),
    });
    expect(wait.dependsOn).toContain(single(resources, TYPES.serving).urn);
    expect(single(resources, TYPES.job).dependsOn).toContain(wait.urn);
  });

  it("waits for the monitor after it is created", async () => {
    const { resources } = await inMockRuntime(() => MonitoredModel.fromSpec(spec()));
    const wait = single(resources, MONITOR_READY);
    expect(wait.inputs).toMatchObject({ tableName: "ml_dev.inference.fraud_processed" });
    expect(wait.dependsOn).toContain(single(resources, TYPES.monitor).urn);
  });
});

describe("MonitoredModel status output", () => {
  const evaluate = (payloadTableExists: boolean, metricTablesExist: boolean) =>
    evaluateInMockRuntime(
      {
        project: "model-monitoring",
        stack: "dev",
        config: {},
        secretKeys: [],
        preview: false,
        // What the readiness resources recorded at the end of `up`.
        computed: (type, name) => ({
          ...computedOutputs(type, name),
          ...(type === PAYLOAD_READY ? { tableExists: payloadTableExists } : {}),
          ...(type === MONITOR_READY ? { metricTablesExist } : {}),
        }),
      },
      () => MonitoredModel.fromSpec(spec()),
    );

  it.each([
    [false, false, "waiting for first request"],
    [true, false, "waiting for first window"],
    [true, true, "monitoring"],
  ])(
    "payload table %s, metric tables %s: %s",
    async (payloadTableExists, metricTablesExist, status) => {
      const { componentOutputs } = await evaluate(payloadTableExists, metricTablesExist);
      const lineage = [...componentOutputs.values()].find((o) => "lineage" in o)?.lineage as
        Record<string, unknown> | undefined;
      expect(lineage?.status).toBe(status);
    },
  );
});
