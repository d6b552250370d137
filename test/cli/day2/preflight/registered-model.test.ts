import { fraudModel } from "../support/scenarios";
import { lineOf, startPreflightWorld, type PreflightWorld } from "./support";

/** registered-model: served versions exist and are READY, aliases resolve. */

const VERSIONS = "/api/2.1/unity-catalog/models/{full_name}/versions";

let w: PreflightWorld;
beforeAll(async () => {
  w = await startPreflightWorld({
    fixed: fraudModel(),
    aliased: fraudModel({ version: undefined, alias: "champion" }),
    missing: fraudModel({ version: "9" }),
    broken: fraudModel({ version: "4" }),
    unaliased: fraudModel({ version: undefined, alias: "challenger" }),
    unknown: fraudModel({ registeredModel: "ml.models.nope", version: "1" }),
  });
  w.workspace.state.models.addVersion("ml.models.fraud", {
    version: 4,
    status: "FAILED_REGISTRATION",
  });
});
afterAll(() => w.close());

async function line(model: string) {
  const { output } = await w.preflight(["-m", model]);
  return lineOf(output, "registered-model", { model });
}

describe("preflight registered-model", () => {
  it("passes a READY served version and an alias that resolves", async () => {
    expect(await line("fixed")).toMatchObject({ status: "pass", detail: "version 3 READY" });
    expect(await line("aliased")).toMatchObject({
      status: "pass",
      detail: "alias champion → version 3",
    });
  });

  it("fails a version that does not exist, one that failed registration, and a missing alias", async () => {
    expect(await line("missing")).toMatchObject({
      status: "fail",
      detail: "version 9 does not exist",
      fix: expect.stringContaining("Register the version or set the alias"),
    });
    expect((await line("broken")).detail).toBe("version 4 is FAILED_REGISTRATION");
    expect((await line("unaliased")).detail).toBe("alias challenger does not exist");
  });

  it("fails a registered model that does not exist", async () => {
    expect(await line("unknown")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("does not exist"),
    });
  });

  it("does not look up a version the model's endpoint serves already", async () => {
    w.workspace.state.endpoints.seed({
      name: "fixed-dev",
      config: {
        served_entities: [
          { name: "champion", entity_name: "ml.models.fraud", entity_version: "3" },
        ],
      },
    });
    w.workspace.requests.clear();
    expect(await line("fixed")).toMatchObject({
      status: "pass",
      detail: "version 3 (served already)",
    });
    expect(w.workspace.requests.count({ route: `GET ${VERSIONS}` })).toBe(0);
  });
});
