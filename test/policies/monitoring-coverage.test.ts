import {
  endpointAlert,
  endpointInferenceTable,
  endpointMonitor,
} from "../../policies/rules/monitoring-coverage";
import { T, UNKNOWN, context, monitoredModel, replace, resource, withInputs } from "./fixtures";

const messages = (findings: { message: string }[]) => findings.map((f) => f.message);

describe("endpoint-inference-table", () => {
  it("passes an endpoint that logs to a named AI Gateway inference table", () => {
    expect(endpointInferenceTable.check(monitoredModel().all, context())).toEqual([]);
  });

  it("fails an endpoint with the inference table disabled or missing", () => {
    const m = monitoredModel();
    const off = withInputs(m.endpoint, { aiGateway: { inferenceTableConfig: { enabled: false } } });
    const none = withInputs(monitoredModel("fraud").endpoint, { aiGateway: null });
    const findings = endpointInferenceTable.check([off, none], context());
    expect(findings.map((f) => f.urn)).toEqual([off.urn, none.urn]);
    expect(findings[0]?.message).toContain("churn-prod logs no requests");
  });

  it("does not accept the legacy auto-capture config instead", () => {
    const m = monitoredModel();
    const legacy = withInputs(m.endpoint, {
      aiGateway: null,
      config: {
        autoCaptureConfig: { enabled: true, catalogName: "ml_prod", schemaName: "inference" },
      },
    });
    expect(messages(endpointInferenceTable.check([legacy], context()))).toEqual([
      expect.stringContaining("autoCaptureConfig does not count"),
    ]);
  });

  it("fails an enabled inference table without a table prefix", () => {
    const m = monitoredModel();
    const noPrefix = withInputs(m.endpoint, {
      aiGateway: { inferenceTableConfig: { tableNamePrefix: null } },
    });
    expect(messages(endpointInferenceTable.check([noPrefix], context()))).toEqual([
      expect.stringContaining("sets no tableNamePrefix"),
    ]);
  });

  it("leaves an endpoint alone while its inference settings are known only after apply", () => {
    const m = monitoredModel();
    const pending = withInputs(m.endpoint, {
      aiGateway: { inferenceTableConfig: { enabled: UNKNOWN, catalogName: UNKNOWN } },
    });
    expect(endpointInferenceTable.check([pending], context())).toEqual([]);
  });
});

describe("endpoint-monitor", () => {
  it("passes an endpoint whose processed table has an inference-log monitor", () => {
    expect(endpointMonitor.check(monitoredModel().all, context())).toEqual([]);
  });

  it("matches table names case-insensitively and with backticks", () => {
    const m = monitoredModel();
    const quoted = withInputs(m.monitor, { tableName: "`ML_PROD`.`inference`.`CHURN_processed`" });
    expect(endpointMonitor.check(replace(m.all, quoted), context())).toEqual([]);
  });

  it("fails an endpoint without a monitor on its processed table", () => {
    const m = monitoredModel();
    const findings = endpointMonitor.check(
      m.all.filter((r) => r !== m.monitor),
      context(),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        urn: m.endpoint.urn,
        message: expect.stringContaining("ml_prod.inference.churn_processed"),
      }),
    ]);
  });

  it("does not count a monitor on the raw payload table, and says why", () => {
    const m = monitoredModel();
    const onPayload = withInputs(m.monitor, { tableName: "ml_prod.inference.churn_payload" });
    expect(messages(endpointMonitor.check(replace(m.all, onPayload), context()))).toEqual([
      expect.stringContaining("does not count: that table holds raw JSON"),
    ]);
  });

  it("does not let one model's monitor cover another model's endpoint", () => {
    const churn = monitoredModel("churn");
    const fraud = monitoredModel("fraud");
    const findings = endpointMonitor.check(
      [...churn.all, ...fraud.all.filter((r) => r !== fraud.monitor)],
      context(),
    );
    expect(findings.map((f) => f.urn)).toEqual([fraud.endpoint.urn]);
  });

  it("fails a monitor on the processed table without an inference-log profile", () => {
    const m = monitoredModel();
    const snapshot = withInputs(m.monitor, { inferenceLog: null, snapshot: {} });
    expect(messages(endpointMonitor.check(replace(m.all, snapshot), context()))).toEqual([
      expect.stringContaining("has no inferenceLog profile"),
    ]);
  });
});

describe("endpoint-alert", () => {
  it("passes an endpoint with an alert on its drift metrics that e-mails someone", () => {
    expect(endpointAlert.check(monitoredModel().all, context())).toEqual([]);
  });

  it("accepts a notification destination (its id known only after apply) as the subscriber", () => {
    const m = monitoredModel();
    const destination = resource(T.destination, "oncall", { displayName: "on-call" });
    const alert = withInputs(m.alert, {
      evaluation: { notification: { subscriptions: [{ destinationId: UNKNOWN }] } },
    });
    expect(endpointAlert.check([...replace(m.all, alert), destination], context())).toEqual([]);
  });

  it("fails an endpoint without any alert", () => {
    const m = monitoredModel();
    expect(
      endpointAlert.check(
        m.all.filter((r) => r !== m.alert),
        context(),
      ),
    ).toEqual([
      expect.objectContaining({
        urn: m.endpoint.urn,
        message: expect.stringContaining("has no AlertV2"),
      }),
    ]);
  });

  it("fails an endpoint whose alerts have no subscriber", () => {
    const m = monitoredModel();
    const silent = withInputs(m.alert, {
      evaluation: { notification: { subscriptions: [{ userEmail: "" }] } },
    });
    const noNotification = withInputs(m.alert, { evaluation: { notification: null } });
    for (const alert of [silent, noNotification]) {
      expect(messages(endpointAlert.check(replace(m.all, alert), context()))).toEqual([
        expect.stringContaining("notify nobody"),
      ]);
    }
  });

  it("does not count an alert that reads another model's tables", () => {
    const churn = monitoredModel("churn");
    const fraud = monitoredModel("fraud");
    const resources = [...churn.all, ...fraud.all.filter((r) => r !== fraud.alert)];
    expect(endpointAlert.check(resources, context()).map((f) => f.urn)).toEqual([
      fraud.endpoint.urn,
    ]);
  });

  it("recognises a metric table passed as a query parameter", () => {
    const m = monitoredModel();
    const parameterised = withInputs(m.alert, {
      queryText: "SELECT count(*) AS breaches FROM IDENTIFIER(:drift_table)",
      parameters: [
        { name: "drift_table", value: "ml_prod.monitoring.churn_processed_drift_metrics" },
      ],
    });
    expect(endpointAlert.check(replace(m.all, parameterised), context())).toEqual([]);
    const elsewhere = withInputs(parameterised, {
      parameters: [{ name: "drift_table", value: "ml_prod.monitoring.other_drift_metrics" }],
    });
    expect(endpointAlert.check(replace(m.all, elsewhere), context())).toHaveLength(1);
  });

  it("does not mistake a longer table name for the processed table", () => {
    const m = monitoredModel();
    const other = withInputs(m.alert, {
      queryText: "SELECT count(*) FROM ml_prod.inference.churn_processed_backup",
    });
    expect(endpointAlert.check(replace(m.all, other), context())).toHaveLength(1);
  });

  it("counts an alert whose query is known only after apply when it sits in the endpoint's component", () => {
    const m = monitoredModel();
    const pending = withInputs(m.alert, { queryText: UNKNOWN });
    expect(endpointAlert.check(replace(m.all, pending), context())).toEqual([]);
    const elsewhere = { ...pending, parentUrn: undefined };
    expect(endpointAlert.check(replace(m.all, elsewhere), context())).toHaveLength(1);
  });
});
