import { type Layer, mergeLayers } from "../../../config/resolve/layers";
import { trackOrigins } from "../../../config/resolve/origins";

/** Issue 13 item 4: where each merged value came from, without changing the merged values. */

const layers = (values: Layer["value"][]): Layer[] => {
  const where: [string, string][] = [
    ["config/templates/classification.yaml", ""],
    ["models/fraud.yaml", ""],
    ["Pulumi.prod.yaml", "model-monitoring:"],
    ["Pulumi.prod.yaml", "model-monitoring:"],
    ["Pulumi.prod.yaml", "model-monitoring:models.fraud"],
  ];
  return values.map((value, i) => ({
    file: where[i]?.[0] ?? "",
    prefix: where[i]?.[1] ?? "",
    value,
  }));
};

function leaves(value: unknown, path = "", out = new Map<string, unknown>()): Map<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      leaves(child, path === "" ? key : `${path}.${key}`, out);
  } else out.set(path, value);
  return out;
}

const example = layers([
  { monitor: { granularities: ["1 day"] }, dataQuality: { maxNullRate: 0.1 } },
  {
    version: "3",
    serving: { minProvisionedConcurrency: 4, maxProvisionedConcurrency: 8, scaleToZero: true },
    dataQuality: { maxNullRate: 0.05 },
    governance: { registeredModel: { grants: { analysts: ["EXECUTE"] } } },
  },
  { monitor: { schedule: { timezone: "Europe/Amsterdam" } } },
  {
    serving: { workloadSize: "Medium", scaleToZero: false },
    governance: { registeredModel: { catalog: "ml_prod", grants: { oncall: ["EXECUTE"] } } },
  },
  { alias: "champion", dataQuality: { maxNullRate: 0.05 } },
]);

describe("trackOrigins", () => {
  it("holds exactly the values mergeLayers gives", () => {
    const tracked = new Map(
      [...trackOrigins(example).values].map(([path, origin]) => [path, origin.value]),
    );
    expect(tracked).toEqual(leaves(mergeLayers(example)));
  });

  it("names the layer, file and key path of each value", () => {
    const { values } = trackOrigins(example);
    expect(values.get("monitor.granularities")).toMatchObject({
      layer: "template",
      file: "config/templates/classification.yaml",
      keyPath: "monitor.granularities",
    });
    expect(values.get("serving.workloadSize")).toMatchObject({
      layer: "stack",
      keyPath: "model-monitoring:serving.workloadSize",
    });
    expect(values.get("alias")).toMatchObject({
      layer: "stack override",
      keyPath: "model-monitoring:models.fraud.alias",
    });
    // Principals merge one by one: each keeps its own layer.
    expect(values.get("governance.registeredModel.grants.analysts")?.layer).toBe("model file");
    expect(values.get("governance.registeredModel.grants.oncall")?.layer).toBe("stack");
  });

  it("records what a later layer replaced, but not a value repeated unchanged", () => {
    const { values } = trackOrigins(example);
    expect(values.get("serving.scaleToZero")?.replaced).toEqual([
      {
        layer: "model file",
        file: "models/fraud.yaml",
        keyPath: "serving.scaleToZero",
        value: true,
      },
    ]);
    expect(values.get("dataQuality.maxNullRate")).toMatchObject({
      layer: "stack override",
      replaced: [{ layer: "template", value: 0.1 }],
    });
  });

  it("records values an exclusive group dropped, and by which key", () => {
    const { dropped } = trackOrigins(example);
    expect(
      dropped.map((d) => [d.path, d.layer, d.value, d.droppedBy.path, d.droppedBy.layer]),
    ).toEqual([
      ["serving.minProvisionedConcurrency", "model file", 4, "serving.workloadSize", "stack"],
      ["serving.maxProvisionedConcurrency", "model file", 8, "serving.workloadSize", "stack"],
      ["version", "model file", "3", "alias", "stack override"],
    ]);
  });

  it("counts a dropped value set again by a later layer as replaced", () => {
    const { values, dropped } = trackOrigins(
      layers([
        {},
        { serving: { minProvisionedConcurrency: 4, maxProvisionedConcurrency: 8 } },
        {},
        { serving: { workloadSize: "Small" } },
        { serving: { minProvisionedConcurrency: 8, maxProvisionedConcurrency: 16 } },
      ]),
    );
    expect(dropped.map((d) => d.path)).toEqual(["serving.workloadSize"]);
    expect(values.get("serving.minProvisionedConcurrency")).toMatchObject({
      layer: "stack override",
      value: 8,
      replaced: [{ layer: "model file", value: 4 }],
    });
  });
});
