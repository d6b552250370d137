import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/** endpoint: where an existing endpoint of the model's name logs. */

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fresh: fraudModel(),
    right: fraudModel(),
    moved: fraudModel(),
    off: fraudModel(),
  });
  const seed = (name: string, gateway?: Record<string, unknown>) =>
    w.workspace.state.endpoints.seed({
      name,
      config: {
        served_entities: [
          { name: "champion", entity_name: "ml.models.fraud", entity_version: "3" },
        ],
      },
      ...(gateway === undefined
        ? {}
        : { ai_gateway: { inference_table_config: { enabled: true, ...gateway } } }),
    });
  w.workspace.state.seedSchemas("ml_dev.legacy");
  seed("right-dev", {
    catalog_name: "ml_dev",
    schema_name: "inference",
    table_name_prefix: "right",
  });
  seed("moved-dev", { catalog_name: "ml_dev", schema_name: "legacy", table_name_prefix: "moved" });
  seed("off-dev");
});
afterAll(() => w.close());
afterEach(() => {
  w.workspace.strictness.endpointListAiGateway = "omitted";
});

const line = async (model: string) =>
  lineOf((await w.preflight(["-m", model])).output, "endpoint", { model });

describe("preflight endpoint", () => {
  it("passes a new endpoint, one logging where configured, and one without an inference table", async () => {
    expect((await line("fresh")).detail).toBe(
      "does not exist yet: pulumi up creates it, logging to ml_dev.inference.fresh_payload",
    );
    expect(await line("right")).toMatchObject({
      status: "pass",
      detail: "exists and logs to ml_dev.inference.right_payload",
    });
    expect((await line("off")).detail).toMatch(/without an inference table: pulumi up turns it on/);
  });

  it("fails an endpoint logging elsewhere, pointing at the manual step", async () => {
    expect(await line("moved")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining(
        "logs to ml_dev.legacy.moved_payload, the configuration says ml_dev.inference.moved_payload",
      ),
      fix: expect.stringContaining("Moving a payload table"),
    });
  });

  it("reads an endpoint on its own only when the list leaves out ai_gateway", async () => {
    const get = { route: "GET /api/2.0/serving-endpoints/{name}" };
    w.workspace.requests.clear();
    await w.preflight();
    expect(w.workspace.requests.count(get)).toBe(3);
    w.workspace.strictness.endpointListAiGateway = "included";
    w.workspace.requests.clear();
    const { output } = await w.preflight();
    // Only off-dev: without any AI Gateway config, the list cannot say more.
    expect(w.workspace.requests.count(get)).toBe(1);
    expect(lineOf(output, "endpoint", { model: "moved" }).status).toBe("fail");
  });
});
