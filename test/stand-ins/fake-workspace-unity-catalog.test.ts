import { startFakeWorkspace, type FakeWorkspace } from "../support/fake-workspace";
import {
  endpointBody,
  inferenceTableGateway,
  monitorBody,
  processedTable,
} from "../support/fake-workspace/sample-bodies";
import { clientFor, type TestClient } from "../support/fake-workspace/test-client";

const uc = "/api/2.1/unity-catalog";

describe("fake workspace: Unity Catalog objects", () => {
  let fake: FakeWorkspace;
  let client: TestClient;

  beforeEach(async () => {
    fake = await startFakeWorkspace();
    fake.state.catalogs.seed({ name: "ml_dev" });
    fake.state.schemas.seed({ full_name: "ml_dev.inference" });
    fake.state.schemas.seed({ full_name: "ml_dev.monitoring" });
    fake.state.models.seed({
      full_name: "ml_dev.inference.fraud",
      versions: [1, 2, { version: 3, status: "PENDING_REGISTRATION" }],
      aliases: { champion: 2, challenger: 3 },
    });
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  const codeOf = async (path: string, query?: Record<string, string>) => {
    const response = await client.get(path, query === undefined ? {} : { query });
    return [response.status, response.body.error_code];
  };

  describe("catalogs and schemas", () => {
    it("answers CatalogInfo and SchemaInfo, and lists a catalog's schemas", async () => {
      const catalog = (await client.get(`${uc}/catalogs/ML_DEV`)).body;
      expect(catalog).toMatchObject({
        name: "ml_dev",
        owner: fake.userName,
        catalog_type: "MANAGED_CATALOG",
        metastore_id: fake.state.metastoreId,
      });
      const schema = (await client.get(`${uc}/schemas/ml_dev.monitoring`)).body;
      expect(schema).toMatchObject({
        name: "monitoring",
        catalog_name: "ml_dev",
        full_name: "ml_dev.monitoring",
        schema_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const listed = await client.get(`${uc}/schemas`, { query: { catalog_name: "ml_dev" } });
      expect(listed.body.schemas.map((s: { name: string }) => s.name)).toEqual([
        "inference",
        "monitoring",
      ]);
      expect((await client.get(`${uc}/catalogs`)).body.catalogs).toHaveLength(1);
    });

    it("answers 404 with the code of the outermost missing object", async () => {
      expect(await codeOf(`${uc}/catalogs/ml_prod`)).toEqual([404, "CATALOG_DOES_NOT_EXIST"]);
      expect(await codeOf(`${uc}/schemas/ml_prod.inference`)).toEqual([
        404,
        "CATALOG_DOES_NOT_EXIST",
      ]);
      expect(await codeOf(`${uc}/schemas/ml_dev.serving`)).toEqual([404, "SCHEMA_DOES_NOT_EXIST"]);
      expect(await codeOf(`${uc}/schemas`, { catalog_name: "ml_prod" })).toEqual([
        404,
        "CATALOG_DOES_NOT_EXIST",
      ]);
      expect(await codeOf(`${uc}/schemas`)).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    });

    it("seeds through the same checks: no schema without its catalog, no duplicates", () => {
      expect(() => fake.state.schemas.seed({ full_name: "ml_prod.inference" })).toThrow(
        "Catalog 'ml_prod' does not exist.",
      );
      expect(() => fake.state.catalogs.seed({ name: "ml_dev" })).toThrow("already exists");
      fake.state.seedSchemas("ml_prod.inference", "ml_dev.inference");
      expect(fake.state.schemas.has("ml_prod.inference")).toBe(true);
    });
  });

  describe("tables", () => {
    it("cannot be seeded outside an existing schema", () => {
      expect(() => fake.state.tables.seed({ full_name: "ml_dev.serving.t" })).toThrow(
        "Schema 'ml_dev.serving' does not exist.",
      );
      expect(() => fake.state.tables.seed({ full_name: "ml_prd.inference.t" })).toThrow(
        "Catalog 'ml_prd' does not exist.",
      );
    });

    it("answer GET with CATALOG_, SCHEMA_ or TABLE_DOES_NOT_EXIST, or RESOURCE_DOES_NOT_EXIST", async () => {
      const paths = ["ml_prd.inference.t", "ml_dev.serving.t", "ml_dev.inference.t"];
      const specific = [];
      for (const name of paths) specific.push(await codeOf(`${uc}/tables/${name}`));
      expect(specific).toEqual([
        [404, "CATALOG_DOES_NOT_EXIST"],
        [404, "SCHEMA_DOES_NOT_EXIST"],
        [404, "TABLE_DOES_NOT_EXIST"],
      ]);
      fake.strictness.ucErrorCodes = "generic";
      for (const name of paths) {
        expect(await codeOf(`${uc}/tables/${name}`)).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
      }
    });

    it("answer exists with 404 for a missing schema by default, or false when switched", async () => {
      expect(await codeOf(`${uc}/tables/ml_dev.serving.t/exists`)).toEqual([
        404,
        "SCHEMA_DOES_NOT_EXIST",
      ]);
      expect((await client.get(`${uc}/tables/ml_dev.inference.t/exists`)).body).toEqual({
        table_exists: false,
      });
      fake.strictness.tableExistsWithoutSchema = "false";
      expect((await client.get(`${uc}/tables/ml_dev.serving.t/exists`)).body).toEqual({
        table_exists: false,
      });
    });
  });

  describe("registered models", () => {
    const model = `${uc}/models/ml_dev.inference.fraud`;

    it("answers aliases only when asked with include_aliases=true", async () => {
      const plain = (await client.get(model)).body;
      expect(plain).toMatchObject({ full_name: "ml_dev.inference.fraud", name: "fraud" });
      expect(plain).not.toHaveProperty("aliases");
      const withAliases = (await client.get(model, { query: { include_aliases: true } })).body;
      expect(withAliases.aliases).toEqual([
        { alias_name: "champion", version_num: 2 },
        { alias_name: "challenger", version_num: 3 },
      ]);
    });

    it("answers versions, one version, and the version behind an alias", async () => {
      const versions = (await client.get(`${model}/versions`)).body.model_versions;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
      expect(versions[0]).toMatchObject({ status: "PENDING_REGISTRATION", model_name: "fraud" });
      expect((await client.get(`${model}/versions/1`)).body).toMatchObject({
        version: 1,
        status: "READY",
        catalog_name: "ml_dev",
        schema_name: "inference",
      });
      const champion = await client.get(`${model}/aliases/champion`, {
        query: { include_aliases: true },
      });
      expect(champion.body).toMatchObject({
        version: 2,
        aliases: [{ alias_name: "champion", version_num: 2 }],
      });
    });

    it("answers 404 for a missing model, version or alias", async () => {
      expect(await codeOf(`${uc}/models/ml_dev.inference.frauds`)).toEqual([
        404,
        "RESOURCE_DOES_NOT_EXIST",
      ]);
      expect(await codeOf(`${model}/versions/9`)).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
      expect(await codeOf(`${model}/aliases/staging`)).toEqual([404, "RESOURCE_DOES_NOT_EXIST"]);
      expect(await codeOf(`${uc}/models/ml_dv.inference.fraud`)).toEqual([
        404,
        "CATALOG_DOES_NOT_EXIST",
      ]);
    });

    it("seeds versions and aliases through checks: an alias needs its version", () => {
      expect(() =>
        fake.state.models.seed({
          full_name: "ml_dev.inference.x",
          versions: [1],
          aliases: { a: 2 },
        }),
      ).toThrow("Model version 2");
      fake.state.models.addVersion("ml_dev.inference.fraud", { version: 4 });
      fake.state.models.setAlias("ml_dev.inference.fraud", "champion", 4);
      expect(fake.state.models.byAlias("ml_dev.inference.fraud", "champion").version).toBe(4);
    });
  });

  describe("objects that name others", () => {
    const table = { ...processedTable, full_name: "ml_dev.inference.fraud_processed" };
    const monitorPath = (name: string) => `${uc}/tables/${name}/monitor`;
    const monitor = (overrides: Record<string, unknown> = {}) =>
      monitorBody({ output_schema_name: "ml_dev.monitoring", ...overrides });

    it("refuse a monitor on a table, output schema or baseline that does not exist", async () => {
      fake.state.tables.seed(table);
      const cases: Array<[string, Record<string, unknown>, string]> = [
        ["ml_dev.inference.fraud_procesed", {}, "TABLE_DOES_NOT_EXIST"],
        ["ml_dev.inferance.fraud_processed", {}, "SCHEMA_DOES_NOT_EXIST"],
        [table.full_name, { output_schema_name: "ml_dev.monitorin" }, "SCHEMA_DOES_NOT_EXIST"],
        [table.full_name, { output_schema_name: "ml_dv.monitoring" }, "CATALOG_DOES_NOT_EXIST"],
        [table.full_name, { baseline_table_name: "ml_dev.inference.b" }, "TABLE_DOES_NOT_EXIST"],
      ];
      for (const [name, overrides, code] of cases) {
        const response = await client.post(monitorPath(name), monitor(overrides));
        expect([name, overrides, response.status, response.body.error_code]).toEqual([
          name,
          overrides,
          404,
          code,
        ]);
      }
      expect(fake.state.monitors.list()).toEqual([]);
      expect((await client.post(monitorPath(table.full_name), monitor())).status).toBe(200);
    });

    it("refuse an inference table in a schema that does not exist", async () => {
      const body = endpointBody("fraud", {
        config: {
          served_entities: [{ entity_name: "ml_dev.inference.fraud", entity_version: "2" }],
        },
        ai_gateway: inferenceTableGateway("ml_dev", "serving"),
      });
      const response = await client.post("/api/2.0/serving-endpoints", body);
      expect([response.status, response.body.error_code]).toEqual([404, "SCHEMA_DOES_NOT_EXIST"]);
      expect(fake.state.endpoints.get("fraud")).toBeUndefined();
    });

    const serving = (version: string, entity = "ml_dev.inference.fraud") =>
      endpointBody("fraud", {
        config: { served_entities: [{ entity_name: entity, entity_version: version }] },
      });

    it("fail the endpoint's config update when a served model version does not exist", async () => {
      const created = await client.post("/api/2.0/serving-endpoints", serving("7"));
      expect(created.status).toBe(200);
      fake.state.settle();
      expect(fake.state.endpoints.get("fraud")?.state).toEqual({
        ready: "NOT_READY",
        config_update: "UPDATE_FAILED",
      });
      const fixed = await client.put(
        "/api/2.0/serving-endpoints/fraud/config",
        serving("2").config,
      );
      expect(fixed.status).toBe(200);
      fake.state.settle();
      expect(fake.state.endpoints.get("fraud")?.state).toEqual({
        ready: "READY",
        config_update: "NOT_UPDATING",
      });
    });

    it("refuse a missing served model at once with missingServedModel 'refuse'", async () => {
      fake.strictness.missingServedModel = "refuse";
      for (const body of [serving("7"), serving("1", "ml_dev.inference.frod")]) {
        const response = await client.post("/api/2.0/serving-endpoints", body);
        expect([response.status, response.body.error_code]).toEqual([
          404,
          "RESOURCE_DOES_NOT_EXIST",
        ]);
        expect(response.body.message).toMatch(/ml_dev\.inference\.fr\w+ version \d/);
      }
      const served = await client.post("/api/2.0/serving-endpoints", serving("2"));
      expect(served.status).toBe(200);
      fake.state.settle();
      expect(fake.state.endpoints.get("fraud")?.state).toEqual({
        ready: "READY",
        config_update: "NOT_UPDATING",
      });
    });
  });
});
