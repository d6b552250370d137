import {
  manualClock,
  startFakeWorkspace,
  type FakeWorkspace,
  type ManualClock,
} from "../support/fake-workspace";
import { alertBody } from "../support/fake-workspace/sample-bodies";
import { evaluateAlert } from "../support/fake-workspace/alert-evaluation";
import { clientFor, type TestClient } from "../support/fake-workspace/test-client";

const alerts = "/api/2.0/alerts";
const destinations = "/api/2.0/notification-destinations";

describe("fake workspace: alerts v2 and notification destinations", () => {
  let fake: FakeWorkspace;
  let client: TestClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = manualClock();
    fake = await startFakeWorkspace({ clock: clock.now });
    client = clientFor(fake);
  });
  afterEach(() => fake.close());

  describe("alerts", () => {
    it("creates from the unwrapped AlertV2 body and fills the output fields", async () => {
      const created = await client.post(alerts, alertBody());
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        ...alertBody(),
        id: expect.stringMatching(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        ),
        evaluation: { ...(alertBody().evaluation as object), state: "UNKNOWN" },
        schedule: {
          quartz_cron_schedule: "0 0 * * * ?",
          timezone_id: "UTC",
          pause_status: "UNPAUSED",
          effective_pause_status: "UNPAUSED",
        },
        effective_parent_path: `/Users/${fake.userName}`,
        create_time: new Date(clock.now()).toISOString(),
        update_time: new Date(clock.now()).toISOString(),
        lifecycle_state: "ACTIVE",
        owner_user_name: fake.userName,
        effective_run_as: { user_name: fake.userName },
      });
      expect((await client.get(`${alerts}/${String(created.body.id)}`)).body).toEqual(created.body);
    });

    it.each([
      ["display_name"],
      ["query_text"],
      ["warehouse_id"],
      ["evaluation"],
      ["schedule"],
      ["evaluation.source"],
      ["evaluation.source.name"],
      ["evaluation.comparison_operator"],
      ["schedule.quartz_cron_schedule"],
      ["schedule.timezone_id"],
    ])("requires %s (400 naming it)", async (path) => {
      const body = alertBody();
      const keys = path.split(".");
      let node = body as Record<string, unknown>;
      for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
      delete node[keys[keys.length - 1] as string];
      const response = await client.post(alerts, body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error_code: "INVALID_PARAMETER_VALUE",
        message: `Missing required field: ${path}`,
      });
    });

    it.each<[string, Record<string, unknown>]>([
      ["comparison_operator", { comparison_operator: "BIGGER" }],
      ["source.aggregation", { source: { name: "v", aggregation: "MODE" } }],
      ["empty_result_state", { empty_result_state: "MAYBE" }],
      ["threshold.value", { threshold: { value: { double_value: 1, string_value: "1" } } }],
      ["threshold", { threshold: { value: { double_value: 1 }, column: { name: "x" } } }],
      ["threshold (missing for GREATER_THAN)", { threshold: undefined }],
    ])("rejects a bad evaluation.%s", async (_what, evaluationOverrides) => {
      const evaluation = { ...(alertBody().evaluation as object), ...evaluationOverrides };
      const response = await client.post(alerts, alertBody({ evaluation }));
      expect([response.status, response.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    });

    it("accepts IS_NULL without a threshold and rejects a bad pause_status", async () => {
      const evaluation = { source: { name: "v" }, comparison_operator: "IS_NULL" };
      expect((await client.post(alerts, alertBody({ evaluation }))).status).toBe(200);
      const paused = {
        quartz_cron_schedule: "0 0 * * * ?",
        timezone_id: "UTC",
        pause_status: "SLEEPING",
      };
      expect((await client.post(alerts, alertBody({ schedule: paused }))).status).toBe(400);
    });

    it("checks that subscribed destinations exist", async () => {
      const notification = (destinationId: string) => ({
        ...(alertBody().evaluation as object),
        notification: {
          subscriptions: [{ destination_id: destinationId }, { user_email: "a@example.com" }],
        },
      });
      const unknown = await client.post(
        alerts,
        alertBody({ evaluation: notification("no-such-destination") }),
      );
      expect(unknown.status).toBe(400);
      const destination = fake.state.destinations.seed({
        display_name: "d",
        config: { email: { addresses: ["x@example.com"] } },
      });
      const known = await client.post(
        alerts,
        alertBody({ evaluation: notification(String(destination.id)) }),
      );
      expect(known.status).toBe(200);
    });

    it("lists active alerts in creation order, page by page", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++)
        ids.push(String((await client.post(alerts, alertBody({ display_name: `a${i}` }))).body.id));
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = (
          await client.get(alerts, {
            query: { page_size: 2, ...(token ? { page_token: token } : {}) },
          })
        ).body;
        seen.push(...page.alerts.map((alert: { id: string }) => alert.id));
        token = page.next_page_token;
        pages++;
      } while (token !== undefined);
      expect(seen).toEqual(ids);
      expect(pages).toBe(3);
      expect((await client.get(alerts, { query: { page_token: "garbage" } })).status).toBe(400);
    });

    describe("PATCH with update_mask", () => {
      let id: string;
      beforeEach(async () => {
        id = String((await client.post(alerts, alertBody({ custom_summary: "summary" }))).body.id);
        clock.advance(60_000);
      });

      it("requires update_mask", async () => {
        const response = await client.patch(`${alerts}/${id}`, { display_name: "x" });
        expect(response.status).toBe(400);
        expect(response.body.message).toContain("update_mask");
      });

      it("changes only the masked fields", async () => {
        const response = await client.patch(
          `${alerts}/${id}`,
          { display_name: "renamed", query_text: "SELECT 2 AS violations" },
          { query: { update_mask: "display_name" } },
        );
        expect(response.status).toBe(200);
        expect(response.body.display_name).toBe("renamed");
        expect(response.body.query_text).toBe(alertBody().query_text);
        expect(response.body.update_time).toBe(new Date(clock.now()).toISOString());
        expect(response.body.create_time).not.toBe(response.body.update_time);
      });

      it("clears a masked optional field that the body leaves out", async () => {
        const response = await client.patch(
          `${alerts}/${id}`,
          {},
          { query: { update_mask: "custom_summary" } },
        );
        expect(response.status).toBe(200);
        expect(response.body).not.toHaveProperty("custom_summary");
      });

      it("refuses to clear a required field and leaves the alert unchanged", async () => {
        const response = await client.patch(
          `${alerts}/${id}`,
          {},
          { query: { update_mask: "query_text" } },
        );
        expect(response.status).toBe(400);
        expect((await client.get(`${alerts}/${id}`)).body.query_text).toBe(alertBody().query_text);
      });

      it("supports nested paths and several fields", async () => {
        const response = await client.patch(
          `${alerts}/${id}`,
          { evaluation: { threshold: { value: { double_value: 3 } } }, warehouse_id: "other" },
          { query: { update_mask: "evaluation.threshold,warehouse_id" } },
        );
        expect(response.status).toBe(200);
        expect(response.body.evaluation).toMatchObject({
          comparison_operator: "GREATER_THAN",
          threshold: { value: { double_value: 3 } },
        });
        expect(response.body.warehouse_id).toBe("other");
      });

      it("replaces everything with '*'", async () => {
        const response = await client.patch(
          `${alerts}/${id}`,
          alertBody({ display_name: "all new" }),
          {
            query: { update_mask: "*" },
          },
        );
        expect(response.body.display_name).toBe("all new");
        expect(response.body).not.toHaveProperty("custom_summary");
      });

      it("refuses output-only or unknown fields in the mask", async () => {
        for (const mask of ["lifecycle_state", "id", "nonsense"]) {
          const response = await client.patch(
            `${alerts}/${id}`,
            {},
            { query: { update_mask: mask } },
          );
          expect([mask, response.status]).toEqual([mask, 400]);
        }
      });
    });

    it("soft-deletes into the trash: still readable as DELETED, not listed, not updatable", async () => {
      const id = String((await client.post(alerts, alertBody())).body.id);
      expect((await client.delete(`${alerts}/${id}`)).body).toEqual({});

      const trashed = await client.get(`${alerts}/${id}`);
      expect([trashed.status, trashed.body.lifecycle_state]).toEqual([200, "DELETED"]);
      expect((await client.get(alerts)).body.alerts).toEqual([]);
      const patch = await client.patch(
        `${alerts}/${id}`,
        { display_name: "x" },
        { query: { update_mask: "display_name" } },
      );
      expect(patch.status).toBe(404);
      expect((await client.delete(`${alerts}/${id}`)).status).toBe(404);
      expect(fake.state.alerts.all()).toHaveLength(1);
    });

    it("hard-deletes with purge=true, from the trash or directly", async () => {
      const trashed = String((await client.post(alerts, alertBody())).body.id);
      const active = String((await client.post(alerts, alertBody())).body.id);
      await client.delete(`${alerts}/${trashed}`);
      expect((await client.delete(`${alerts}/${trashed}`, { query: { purge: true } })).status).toBe(
        200,
      );
      expect((await client.delete(`${alerts}/${active}`, { query: { purge: true } })).status).toBe(
        200,
      );
      for (const id of [trashed, active]) {
        const response = await client.get(`${alerts}/${id}`);
        expect([response.status, response.body.error_code]).toEqual([
          404,
          "RESOURCE_DOES_NOT_EXIST",
        ]);
      }
      expect(fake.state.alerts.all()).toEqual([]);
    });
  });

  describe("notification destinations", () => {
    it("creates an email destination and echoes its config", async () => {
      const created = await client.post(destinations, {
        display_name: "ml team",
        config: { email: { addresses: ["ml@example.com"] } },
      });
      expect(created.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        display_name: "ml team",
        destination_type: "EMAIL",
        config: { email: { addresses: ["ml@example.com"] } },
      });
      expect((await client.get(`${destinations}/${String(created.body.id)}`)).body).toEqual(
        created.body,
      );
    });

    it("never echoes secrets: they come back as *_set flags", async () => {
      const slack = await client.post(destinations, {
        display_name: "slack",
        config: { slack: { url: "https://hooks.slack.example/T000/B000/XXX" } },
      });
      expect(slack.body).toMatchObject({
        destination_type: "SLACK",
        config: { slack: { url_set: true } },
      });
      expect(slack.text).not.toContain("hooks.slack.example");
      expect(fake.state.destinations.storedSecrets(String(slack.body.id))).toEqual({
        slack: { url: "https://hooks.slack.example/T000/B000/XXX" },
      });

      const webhook = await client.post(destinations, {
        display_name: "hook",
        config: { generic_webhook: { url: "https://hook.example", username: "u", password: "p" } },
      });
      expect(webhook.body.destination_type).toBe("WEBHOOK");
      expect(webhook.body.config).toEqual({
        generic_webhook: { url_set: true, username_set: true, password_set: true },
      });
      const pagerduty = await client.post(destinations, {
        display_name: "pd",
        config: { pagerduty: { integration_key: "k" } },
      });
      expect(pagerduty.body.config).toEqual({ pagerduty: { integration_key_set: true } });
    });

    it.each<[string, Record<string, unknown>]>([
      [
        "two kinds",
        {
          display_name: "x",
          config: { email: { addresses: ["a@b.c"] }, slack: { url: "https://s" } },
        },
      ],
      ["no kind", { display_name: "x", config: {} }],
      ["no config", { display_name: "x" }],
      ["no display_name", { config: { email: { addresses: ["a@b.c"] } } }],
      [
        "a slack config without url",
        { display_name: "x", config: { slack: { channel_id: "C1" } } },
      ],
      [
        "an unknown field",
        { display_name: "x", config: { email: { addresses: ["a@b.c"], cc: [] } } },
      ],
    ])("rejects a destination with %s", async (_what, body) => {
      const response = await client.post(destinations, body);
      expect([response.status, response.body.error_code]).toEqual([400, "INVALID_PARAMETER_VALUE"]);
    });

    it("patches the name and config but not the destination type", async () => {
      const id = String(
        (
          await client.post(destinations, {
            display_name: "hook",
            config: { generic_webhook: { url: "https://a", password: "p" } },
          })
        ).body.id,
      );
      const renamed = await client.patch(`${destinations}/${id}`, {
        display_name: "renamed",
        config: { generic_webhook: { url: "https://b" } },
      });
      expect(renamed.body.display_name).toBe("renamed");
      expect(fake.state.destinations.storedSecrets(id)).toEqual({
        generic_webhook: { url: "https://b", password: "p" },
      });

      const retyped = await client.patch(`${destinations}/${id}`, {
        config: { email: { addresses: ["a@b.c"] } },
      });
      expect(retyped.status).toBe(400);
      expect(retyped.body.message).toMatch(/destination_type/);
    });

    it("lists id, name and type with paging, and deletes", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          String(
            fake.state.destinations.seed({
              display_name: `d${i}`,
              config: { email: { addresses: ["a@b.c"] } },
            }).id,
          ),
        );
      }
      const first = (await client.get(destinations, { query: { page_size: 2 } })).body;
      expect(first.results).toEqual([
        { id: ids[0], display_name: "d0", destination_type: "EMAIL" },
        { id: ids[1], display_name: "d1", destination_type: "EMAIL" },
      ]);
      const second = (
        await client.get(destinations, { query: { page_token: first.next_page_token } })
      ).body;
      expect(second.results.map((d: { id: string }) => d.id)).toEqual([ids[2]]);
      expect(second.next_page_token).toBeUndefined();

      expect((await client.delete(`${destinations}/${ids[0] ?? ""}`)).status).toBe(200);
      expect((await client.get(`${destinations}/${ids[0] ?? ""}`)).status).toBe(404);
    });
  });

  describe("evaluation (what an AlertV2 schedule does, when a test asks)", () => {
    const evaluate = async (rows: Array<Record<string, unknown>> | Error, overrides = {}) => {
      const created = await client.post(alerts, alertBody(overrides));
      const id = String(created.body.id);
      const seen: Array<[string, Record<string, string>]> = [];
      const outcome = await evaluateAlert(fake.state.alerts, id, async (sql, parameters) => {
        seen.push([sql, parameters]);
        if (rows instanceof Error) throw rows;
        return rows;
      });
      const shown = (await client.get(`${alerts}/${id}`)).body.evaluation as Record<
        string,
        unknown
      >;
      return { outcome, shown, seen };
    };

    it("runs query_text with the alert's parameters and shows the state on GET", async () => {
      clock.advance(60_000);
      const { outcome, shown, seen } = await evaluate([{ violations: 2 }], {
        parameters: [{ name: "model", type: "STRING", value: "churn" }],
      });
      expect(seen).toEqual([[alertBody().query_text, { model: "churn" }]]);
      expect(outcome.state).toBe("TRIGGERED");
      expect(shown).toMatchObject({
        state: "TRIGGERED",
        last_evaluated_at: new Date(clock.now()).toISOString(),
      });
    });

    it("compares the first row's source column with the threshold", async () => {
      expect((await evaluate([{ violations: 0 }, { violations: 9 }])).outcome.state).toBe("OK");
      const atLeastOne = {
        evaluation: {
          ...(alertBody().evaluation as object),
          comparison_operator: "GREATER_THAN_OR_EQUAL",
          threshold: { value: { double_value: 1 } },
        },
      };
      expect((await evaluate([{ violations: 1 }], atLeastOne)).outcome.state).toBe("TRIGGERED");
      expect((await evaluate([{ violations: 0 }], atLeastOne)).outcome.state).toBe("OK");
    });

    it("takes empty_result_state for no row, and ERROR for a failed statement", async () => {
      expect((await evaluate([])).shown.state).toBe("OK");
      const failed = await evaluate(new Error("[TABLE_OR_VIEW_NOT_FOUND] nope"));
      expect(failed.outcome).toEqual({ state: "ERROR", error: "[TABLE_OR_VIEW_NOT_FOUND] nope" });
      expect(failed.shown.state).toBe("ERROR");
    });
  });
});
