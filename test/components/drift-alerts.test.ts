import * as pulumi from "@pulumi/pulumi";
import { alertQueryTables, thresholdRowsOf } from "../../core/alert-spec";
import { DriftAlerts, EMPTY_RESULT_STATE } from "../../components/DriftAlerts";
import { MonitoredModel } from "../../components/MonitoredModel";
import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";
import { DYNAMIC_TYPE_TOKENS } from "../../core/type-tokens";
import { alertQuerySql, alertScriptSql } from "../../sql/alert-queries";
import { keyedThresholds } from "../../core/threshold-rows";
import { baseModel, baseStack } from "../helpers/fixture-project";
import { loadFixture } from "../helpers/load";
import { inMockRuntime, ofType, single } from "../helpers/mock-program";
import { partsOf } from "../helpers/component-args";

const ALERT = "databricks:index/alertV2:AlertV2";
const DESTINATION = "databricks:index/notificationDestination:NotificationDestination";

function specOf(model = baseModel(), stack = baseStack(), stackName = "dev") {
  const [spec] = loadFixture({ fraud: model }, stack, stackName).models;
  if (!spec) throw new Error("no spec");
  return spec;
}

/** A stand-in for the monitor's readiness wait, so dependencies can be checked. */
class Marker extends pulumi.CustomResource {
  constructor(name: string) {
    super("test:index:Marker", name, {});
  }
}

async function alertsFor(spec: ReturnType<typeof specOf>, stack = "dev") {
  return inMockRuntime(
    () => {
      const ready = new Marker("fraud-monitor-ready");
      return new DriftAlerts("fraud-alerts", { ...partsOf(spec).alerts, monitorReady: ready });
    },
    { stack },
  );
}

const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));

describe("DriftAlerts", () => {
  it("keeps the model's drift and data-quality thresholds in the stack's thresholds table", async () => {
    const spec = specOf();
    const { resources } = await alertsFor(spec);
    const thresholds = single(resources, DYNAMIC_TYPE_TOKENS.DriftThresholds);
    expect(thresholds.inputs).toMatchObject({
      table: "ml_dev.monitoring.drift_thresholds",
      model: "fraud",
      adopt: false,
    });
    expect(thresholds.inputs.thresholds).toEqual(keyedThresholds(thresholdRowsOf(spec)));
    // The template's defaults per kind of feature, and the data-quality limits as rows.
    expect(Object.keys(thresholds.inputs.thresholds as object)).toEqual(
      expect.arrayContaining([
        "amount/ks_test.pvalue/CONSECUTIVE/critical",
        "merchant_category/js_distance/CONSECUTIVE/warning",
        "amount/null_rate/DATA_QUALITY/warning",
        "merchant_category/null_rate/DATA_QUALITY/warning",
        ":table/row_count_ratio/DATA_QUALITY/warning",
        ":table/staleness_hours/DATA_QUALITY/warning",
      ]),
    );
    expect(typeof thresholds.inputs.__provider).toBe("string");
    expect(thresholds.dependsOn).toContain(single(resources, "test:index:Marker").urn);
    // The metrics-age check is opt-in.
    expect(Object.keys(thresholds.inputs.thresholds as object)).not.toContain(
      ":table/metrics_age_hours/DATA_QUALITY/warning",
    );
  });

  it("adds the metrics-age check when the stack sets dataQuality.maxMetricsAgeHours", async () => {
    const spec = specOf(baseModel(), baseStack({ dataQuality: { maxMetricsAgeHours: 36 } }));
    const { resources } = await alertsFor(spec);
    const rows = single(resources, DYNAMIC_TYPE_TOKENS.DriftThresholds).inputs.thresholds as Record<
      string,
      { comparator: string; value: number }
    >;
    expect(rows[":table/metrics_age_hours/DATA_QUALITY/warning"]).toMatchObject({
      comparator: ">",
      value: 36,
    });
  });

  it.each([
    ["dev", false],
    ["prod", true],
  ])("protects and retains the thresholds in %s: %s", async (stack, isProd) => {
    const { resources } = await alertsFor(specOf(baseModel(), baseStack(), stack), stack);
    const thresholds = single(resources, DYNAMIC_TYPE_TOKENS.DriftThresholds);
    expect(Boolean(thresholds.options.protect)).toBe(isProd);
    expect(Boolean(thresholds.options.retainOnDelete)).toBe(isProd);
    // Alerts and the destination hold no data.
    for (const r of [...ofType(resources, ALERT), single(resources, DESTINATION)]) {
      expect(r.options.protect).toBeUndefined();
    }
  });

  it("sends to one email destination per model holding every recipient", async () => {
    const spec = specOf(
      baseModel(),
      baseStack({ alerting: { recipients: ["a@example.com", "b@example.com"] } }),
    );
    const { resources } = await alertsFor(spec);
    expect(single(resources, DESTINATION).inputs).toEqual({
      displayName: "[dev] fraud model monitoring",
      config: { email: { addresses: ["a@example.com", "b@example.com"] } },
    });
  });

  it("declares one alert per severity, counting breaches with the generated query", async () => {
    const spec = specOf(
      baseModel(),
      baseStack({
        alerting: { recipients: ["a@example.com"], notifyOnOk: true, retriggerMinutes: 60 },
      }),
    );
    const { resources } = await alertsFor(spec);
    const alerts = ofType(resources, ALERT);
    expect(alerts.map((a) => a.name).sort()).toEqual([
      "fraud-alerts-critical",
      "fraud-alerts-warning",
    ]);
    const critical = alerts.find((a) => a.name === "fraud-alerts-critical") as PlannedResource;
    expect(critical.inputs).toEqual({
      displayName: "[dev] fraud drift and data quality: critical",
      queryText: alertScriptSql(alertQueryTables(spec)),
      parameters: [
        { name: "model", type: "STRING", value: "fraud" },
        { name: "severity", type: "STRING", value: "critical" },
      ],
      warehouseId: "0123456789abcdef",
      evaluation: {
        source: { name: "violations" },
        comparisonOperator: "GREATER_THAN_OR_EQUAL",
        threshold: { value: { doubleValue: 1 } },
        emptyResultState: EMPTY_RESULT_STATE,
        notification: {
          subscriptions: [{ destinationId: "fraud-alerts-recipients-id" }],
          notifyOnOk: true,
          retriggerSeconds: 3600,
        },
      },
      schedule: {
        quartzCronSchedule: spec.alerting.schedule.cron,
        timezoneId: "UTC",
        pauseStatus: "PAUSED",
      },
      customSummary:
        "[dev] fraud critical: {{#QUERY_RESULT_ROWS}}{{breaches}} ({{model_status}}){{/QUERY_RESULT_ROWS}}",
      customDescription: expect.stringContaining("ml_dev.monitoring.drift_thresholds"),
    });
    expect(critical.dependsOn).toContain(
      single(resources, DYNAMIC_TYPE_TOKENS.DriftThresholds).urn,
    );
    // "No data yet" is visible in every notification and on the alert, and is not a breach.
    expect(critical.inputs.customDescription).toContain(
      "Model status: {{#QUERY_RESULT_ROWS}}{{model_status}}{{/QUERY_RESULT_ROWS}}.",
    );
  });

  it("holds the query alone with alerting.queryForm: statement, and refuses an unknown form", async () => {
    const spec = specOf(
      baseModel({ alerting: { queryForm: "statement" } }),
      baseStack({ alerting: { recipients: ["a@example.com"] } }),
    );
    const alerts = ofType((await alertsFor(spec)).resources, ALERT);
    expect(alerts.map((a) => a.inputs.queryText)).toEqual([
      alertQuerySql(alertQueryTables(spec)),
      alertQuerySql(alertQueryTables(spec)),
    ]);
    await expect(
      inMockRuntime(
        () =>
          new DriftAlerts("fraud-alerts", {
            ...partsOf(spec).alerts,
            queryForm: "sql" as never,
          }),
      ),
    ).rejects.toThrow(/queryForm must be one of script, statement, got "sql"/);
  });

  it("declares only the severities that have thresholds", async () => {
    const model = baseModel({
      thresholdDefaults: {
        numeric: [{ statistic: "ks_test.pvalue", value: 0.01, severity: "critical" }],
        categorical: [{ statistic: "js_distance", value: 0.2, severity: "critical" }],
        prediction: [{ statistic: "js_distance", value: 0.2, severity: "critical" }],
      },
      dataQuality: { severity: "critical" },
    });
    const { resources } = await alertsFor(specOf(model));
    expect(ofType(resources, ALERT).map((a) => a.name)).toEqual(["fraud-alerts-critical"]);
  });

  it("runs alerts on the stack's schedule, unpaused outside dev", async () => {
    const spec = specOf(
      baseModel(),
      baseStack({ schedules: { paused: false, alerts: "0 15 7 * * ?" } }),
      "acc",
    );
    const { resources } = await alertsFor(spec, "acc");
    for (const alert of ofType(resources, ALERT)) {
      expect(alert.inputs.schedule).toEqual({
        quartzCronSchedule: "0 15 7 * * ?",
        timezoneId: "UTC",
        pauseStatus: "UNPAUSED",
      });
    }
  });

  it("exports the alert ids by severity and the thresholds table", async () => {
    const { outputs } = await alertsFor(specOf());
    expect(await value(outputs.alertIds)).toEqual({
      warning: "fraud-alerts-warning-id",
      critical: "fraud-alerts-critical-id",
    });
    expect(outputs.thresholdsTable).toBe("ml_dev.monitoring.drift_thresholds");
  });

  it("evaluates in preview, where ids are unknown", async () => {
    const spec = specOf();
    const { resources } = await evaluateInMockRuntime(
      { project: "model-monitoring", stack: "dev", config: {}, secretKeys: [], preview: true },
      () => new DriftAlerts("fraud-alerts", partsOf(spec).alerts),
    );
    const alert = ofType(resources, ALERT)[0] as PlannedResource;
    expect(alert.inputs.evaluation).toMatchObject({
      notification: { subscriptions: [{ destinationId: "(known after apply)" }] },
    });
  });
});

describe("MonitoredModel", () => {
  it("creates thresholds after the monitor is ready and the alerts after the thresholds", async () => {
    const spec = specOf();
    const { resources } = await inMockRuntime(() => MonitoredModel.fromSpec(spec));
    const byName = new Map(resources.map((r) => [r.name, r]));
    const chains = [
      ["fraud-endpoint", "fraud-payload-ready", "fraud-inference-refresh"],
      [
        "fraud-inference-processed",
        "fraud-monitor",
        "fraud-monitor-ready",
        "fraud-alerts-thresholds",
        "fraud-alerts-critical",
      ],
      ["fraud-alerts-thresholds", "fraud-alerts-warning"],
    ];
    const urnOf = (name: string) => {
      const found = byName.get(name);
      if (!found) throw new Error(`no resource ${name}; have ${[...byName.keys()].join(", ")}`);
      return found.urn;
    };
    /** Every resource a resource waits for, directly or through the ones it waits for. */
    const waitsFor = (name: string, seen = new Set<string>()): Set<string> => {
      const resource = resources.find((r) => r.urn === urnOf(name));
      for (const urn of resource?.dependsOn ?? []) {
        if (seen.has(urn)) continue;
        seen.add(urn);
        const dependency = resources.find((r) => r.urn === urn);
        if (dependency) waitsFor(dependency.name, seen);
      }
      return seen;
    };
    for (const chain of chains) {
      chain.slice(1).forEach((name, index) => {
        expect(waitsFor(name)).toContain(urnOf(chain[index] as string));
      });
    }
  });

  it("adopts existing threshold rows only when the configuration asks", async () => {
    const adopting = specOf(
      baseModel(),
      baseStack({ alerting: { recipients: ["team@example.com"], adoptThresholds: true } }),
    );
    const thresholdsOf = async (spec: ReturnType<typeof specOf>) => {
      const { resources } = await inMockRuntime(() => MonitoredModel.fromSpec(spec));
      return single(resources, DYNAMIC_TYPE_TOKENS.DriftThresholds).inputs;
    };
    expect(await thresholdsOf(adopting)).toMatchObject({ adopt: true });
    expect(await thresholdsOf(specOf())).toMatchObject({ adopt: false });
  });

  it("exports the thresholds table and alert ids in the lineage", async () => {
    const spec = specOf();
    const { outputs } = await inMockRuntime(() => MonitoredModel.fromSpec(spec), {
      invoke: () => undefined,
    });
    expect(outputs.lineage.thresholdsTable).toBe("ml_dev.monitoring.drift_thresholds");
    expect(await value(outputs.lineage.alertIds)).toEqual({
      warning: "fraud-alerts-warning-id",
      critical: "fraud-alerts-critical-id",
    });
  });
});
