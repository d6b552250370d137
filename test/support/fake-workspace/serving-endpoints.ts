import type { Principal } from "./access";
import {
  requireInferenceSchema,
  servedModelFailure,
  type EndpointCatalog,
} from "./endpoint-catalog-checks";
import { alreadyExists, conflict, invalidParameter, notFound } from "./errors";
import { Fields, type JsonObject } from "./fields";
import type { FirstContact } from "./first-contact";
import type { IdGenerator } from "./ids";
import type { Router } from "./router";
import {
  inferenceTableTarget,
  payloadTableName,
  readAiGateway,
  readCoreConfig,
  type CoreConfig,
  type InferenceTableTarget,
} from "./serving-endpoint-config";
import { servingEndpointSummary } from "./shapes-serving";
import { keepKnown } from "./shape";
import { payloadTableColumns } from "./table-schemas";
import type { TableStore } from "./tables";
import type { ScheduledTask, Timeline } from "./timeline";
import type { Timing } from "./timing";

type ConfigUpdateState = "NOT_UPDATING" | "IN_PROGRESS" | "UPDATE_FAILED" | "UPDATE_CANCELED";

interface PendingUpdate {
  config: CoreConfig;
  startTime: number;
  /** Set when a test asked this update to fail. */
  failure?: string;
  task: ScheduledTask;
}

interface EndpointRecord {
  id: string;
  name: string;
  creator: string;
  createdAt: number;
  updatedAt: number;
  /** Everything echoed as sent: description, route_optimized, budget_policy_id, ... */
  extras: JsonObject;
  tags: Array<{ key: string; value?: string }>;
  aiGateway?: JsonObject;
  config?: CoreConfig;
  pending?: PendingUpdate;
  configUpdate: ConfigUpdateState;
  lastConfigVersion: number;
  payloadTableTask?: ScheduledTask;
}

/** Endpoint names: letters, digits, '-' and '_' (docs/databricks-api.md, serving endpoints). */
const endpointNamePattern = /^[A-Za-z0-9_-]+$/;

const echoedFields = ["description", "route_optimized", "budget_policy_id", "email_notifications"];

/**
 * Serving endpoints (docs/databricks-api.md, serving endpoints). A config change is asynchronous: the requested config waits
 * in `pending_config` with `config_update: IN_PROGRESS` for `timing.endpointUpdateMs`, then
 * becomes `config` (`ready: READY`, `NOT_UPDATING`). Enabling the AI Gateway inference table makes
 * the payload table appear `timing.payloadTableMs` later.
 */
export class ServingEndpointStore {
  private readonly endpoints = new Map<string, EndpointRecord>();
  private readonly plannedFailures = new Map<string, string>();

  constructor(
    private readonly timeline: Timeline,
    private readonly timing: Timing,
    private readonly ids: IdGenerator,
    private readonly tables: TableStore,
    private readonly owner: Principal,
    private readonly catalog: EndpointCatalog,
    private readonly firstContact: FirstContact,
  ) {}

  create(body: unknown, principal: Principal): JsonObject {
    this.timeline.runDue();
    const fields = Fields.of(body);
    const name = fields.requiredString("name");
    if (!endpointNamePattern.test(name)) {
      throw invalidParameter(
        `Invalid endpoint name '${name}': only letters, digits, '-' and '_' are allowed`,
      );
    }
    if (this.endpoints.has(name)) {
      throw alreadyExists(`Endpoint with name '${name}' already exists.`);
    }
    // Validate everything before storing anything: a rejected create leaves no trace.
    const configFields = fields.object("config");
    const config = configFields === undefined ? undefined : readCoreConfig(configFields, 1);
    const gatewayFields = fields.object("ai_gateway");
    const aiGateway = gatewayFields === undefined ? undefined : readAiGateway(gatewayFields);
    requireInferenceSchema(aiGateway, name, this.catalog);
    const modelFailure =
      config === undefined ? undefined : servedModelFailure(config, this.catalog);
    const tags = readTags(fields.objects("tags") ?? []);
    fields.string("description");
    fields.boolean("route_optimized");

    const now = this.timeline.now();
    const record: EndpointRecord = {
      id: this.ids.hex(32),
      name,
      creator: principal.name,
      createdAt: now,
      updatedAt: now,
      extras: pick(fields.raw, echoedFields),
      tags,
      configUpdate: "NOT_UPDATING",
      lastConfigVersion: 0,
      ...(aiGateway === undefined ? {} : { aiGateway }),
    };
    this.endpoints.set(name, record);
    if (modelFailure !== undefined) this.failNextUpdate(name, modelFailure);
    if (config !== undefined) this.startUpdate(record, config);
    this.schedulePayloadTable(record, undefined);
    return this.detailed(record);
  }

  updateConfig(name: string, body: unknown): JsonObject {
    const record = this.require(name);
    if (record.configUpdate === "IN_PROGRESS") {
      throw conflict(
        `Endpoint '${name}' is currently being updated; wait until its config update is no longer IN_PROGRESS.`,
      );
    }
    const config = readCoreConfig(Fields.of(body), record.lastConfigVersion + 1);
    const modelFailure = servedModelFailure(config, this.catalog);
    if (modelFailure !== undefined) this.failNextUpdate(name, modelFailure);
    this.startUpdate(record, config);
    return this.detailed(record);
  }

  /** PUT …/ai-gateway: a full replace; answers with the stored gateway config. */
  putAiGateway(name: string, body: unknown): JsonObject {
    const record = this.require(name);
    const gateway = readAiGateway(Fields.of(body));
    requireInferenceSchema(gateway, name, this.catalog);
    const before = inferenceTableTarget(record.aiGateway, name);
    const after = inferenceTableTarget(gateway, name);
    if (
      before !== undefined &&
      after !== undefined &&
      payloadTableName(before) !== payloadTableName(after)
    ) {
      // docs/databricks-api.md, AI Gateway payload logging: catalog/schema/prefix change only by disabling first, then re-enabling.
      throw invalidParameter(
        "The inference table catalog, schema and prefix cannot change while enabled; disable it first",
      );
    }
    record.aiGateway = gateway;
    record.updatedAt = this.timeline.now();
    this.schedulePayloadTable(record, before);
    return structuredClone(gateway);
  }

  patchTags(name: string, body: unknown): { tags: Array<{ key: string; value?: string }> } {
    const record = this.require(name);
    const fields = Fields.of(body);
    const added = readTags(fields.objects("add_tags") ?? []);
    const deleted = new Set(fields.strings("delete_tags") ?? []);
    const kept = record.tags.filter(
      (tag) => !deleted.has(tag.key) && !added.some((other) => other.key === tag.key),
    );
    record.tags = [...kept, ...added];
    record.updatedAt = this.timeline.now();
    return { tags: structuredClone(record.tags) };
  }

  delete(name: string): void {
    const record = this.require(name);
    record.pending?.task.cancel();
    record.payloadTableTask?.cancel();
    this.endpoints.delete(name);
  }

  /** GET …/{name}: `ServingEndpointDetailed`, or undefined. */
  get(name: string): JsonObject | undefined {
    this.timeline.runDue();
    const record = this.endpoints.get(name);
    return record === undefined ? undefined : this.detailed(record);
  }

  /**
   * GET list: `ServingEndpoint` summaries (no pending_config; config as a summary), with
   * `ai_gateway` only when `strictness.endpointListAiGateway` says so (UNCONFIRMED).
   */
  list(): JsonObject[] {
    this.timeline.runDue();
    const withGateway = this.catalog.strictness.endpointListAiGateway === "included";
    return [...this.endpoints.values()].map((record) => {
      const summary = keepKnown(this.detailed(record), servingEndpointSummary) as JsonObject;
      if (!withGateway) delete summary.ai_gateway;
      return summary;
    });
  }

  /**
   * Creates an endpoint as if through the API. With `ready` (default) its config update has
   * already completed; a payload table still follows `timing.payloadTableMs`.
   */
  seed(body: unknown, options: { ready?: boolean; principal?: Principal } = {}): JsonObject {
    const name = String(this.create(body, options.principal ?? this.owner).name);
    if (options.ready ?? true) this.endpoints.get(name)?.pending?.task.runNow();
    return this.get(name) as JsonObject;
  }

  /**
   * A request to endpoint `name` was served and logged: with the inference table enabled, its
   * payload table now has rows, and with `firstContact.payloadTable = "on-first-request"` the
   * first such request makes Databricks create the table (`timing.payloadTableMs` later).
   * Refused, like a real request, while the endpoint has no ready config.
   */
  logRequest(name: string): { payloadTable?: string } {
    const record = this.require(name);
    if (record.config === undefined) {
      throw conflict(`Endpoint '${name}' is not ready to serve requests.`);
    }
    const target = inferenceTableTarget(record.aiGateway, record.name);
    if (target === undefined) return {};
    const table = payloadTableName(target);
    this.firstContact.recordRows(table);
    if (!this.tables.exists(table) && record.payloadTableTask === undefined) {
      record.payloadTableTask = this.tables.scheduleCreation(
        { full_name: table, columns: payloadTableColumns, owner: record.creator },
        this.timing.payloadTableMs,
        record.creator,
      );
    }
    return { payloadTable: table };
  }

  /** The next config update of endpoint `name` (create or PUT config) ends UPDATE_FAILED. */
  failNextUpdate(name: string, message = "Served entity failed to deploy (injected)"): void {
    this.plannedFailures.set(name, message);
  }

  private require(name: string): EndpointRecord {
    this.timeline.runDue();
    const record = this.endpoints.get(name);
    if (record === undefined) throw notFound(`Endpoint with name '${name}' does not exist.`);
    return record;
  }

  private startUpdate(record: EndpointRecord, config: CoreConfig): void {
    const failure = this.plannedFailures.get(record.name);
    this.plannedFailures.delete(record.name);
    const now = this.timeline.now();
    record.lastConfigVersion = config.config_version;
    record.configUpdate = "IN_PROGRESS";
    record.updatedAt = now;
    record.pending = {
      config,
      startTime: now,
      ...(failure === undefined ? {} : { failure }),
      task: this.timeline.after(this.timing.endpointUpdateMs, (at) =>
        this.finishUpdate(record, at),
      ),
    };
  }

  private finishUpdate(record: EndpointRecord, at: number): void {
    const pending = record.pending;
    if (pending === undefined) return;
    record.pending = undefined;
    record.updatedAt = at;
    if (pending.failure !== undefined) {
      record.configUpdate = "UPDATE_FAILED";
      return;
    }
    record.config = pending.config;
    record.configUpdate = "NOT_UPDATING";
  }

  /** Gateway inference table newly enabled -> the payload table appears later; disabled -> not. */
  private schedulePayloadTable(
    record: EndpointRecord,
    before: InferenceTableTarget | undefined,
  ): void {
    const after = inferenceTableTarget(record.aiGateway, record.name);
    if (after === undefined) {
      record.payloadTableTask?.cancel();
      record.payloadTableTask = undefined;
      return;
    }
    if (before !== undefined) return; // same table as before (a change is rejected above)
    // UNCONFIRMED (docs/databricks-api.md, inference tables, names and timing): real tables may only appear after the first logged request
    // (first-contact switch; then logRequest creates it).
    if (this.firstContact.switches.payloadTable === "on-first-request") return;
    record.payloadTableTask = this.tables.scheduleCreation(
      { full_name: payloadTableName(after), columns: payloadTableColumns, owner: record.creator },
      this.timing.payloadTableMs,
      record.creator,
    );
  }

  private detailed(record: EndpointRecord): JsonObject {
    const ready = record.config === undefined ? "NOT_READY" : "READY";
    return structuredClone({
      id: record.id,
      name: record.name,
      creator: record.creator,
      creation_timestamp: record.createdAt,
      last_updated_timestamp: record.updatedAt,
      ...record.extras,
      state: { ready, config_update: record.configUpdate },
      ...(record.config === undefined
        ? {}
        : { config: this.configView(record, record.config, "DEPLOYMENT_READY") }),
      ...(record.pending === undefined
        ? {}
        : {
            pending_config: {
              ...this.configView(record, record.pending.config, "DEPLOYMENT_CREATING"),
              start_time: record.pending.startTime,
            },
          }),
      ...(record.aiGateway === undefined ? {} : { ai_gateway: record.aiGateway }),
      ...(record.tags.length === 0 ? {} : { tags: record.tags }),
      permission_level: "CAN_MANAGE",
    });
  }

  private configView(record: EndpointRecord, config: CoreConfig, deployment: string): JsonObject {
    return {
      served_entities: config.served_entities.map((entity) => ({
        ...entity,
        creator: record.creator,
        creation_timestamp: record.createdAt,
        state: { deployment, deployment_state_message: "" },
      })),
      traffic_config: config.traffic_config,
      config_version: config.config_version,
    };
  }
}

function readTags(tags: Fields[]): Array<{ key: string; value?: string }> {
  return tags.map((tag) => {
    const key = tag.requiredString("key");
    const value = tag.string("value");
    return value === undefined ? { key } : { key, value };
  });
}

function pick(source: JsonObject, keys: string[]): JsonObject {
  const out: JsonObject = {};
  for (const key of keys) if (source[key] != null) out[key] = structuredClone(source[key]);
  return out;
}

export function registerServingEndpointRoutes(router: Router, store: ServingEndpointStore): void {
  const base = "/api/2.0/serving-endpoints";
  router.add("POST", base, (ctx) => store.create(ctx.json(), ctx.principal));
  router.add("GET", base, () => ({ endpoints: store.list() }));
  router.add("GET", `${base}/{name}`, ({ params }) => {
    const name = params.name ?? "";
    return store.get(name) ?? throwMissing(name);
  });
  router.add("DELETE", `${base}/{name}`, ({ params }) => {
    store.delete(params.name ?? "");
    return {};
  });
  router.add("PUT", `${base}/{name}/config`, (ctx) =>
    store.updateConfig(ctx.params.name ?? "", ctx.json()),
  );
  router.add("PUT", `${base}/{name}/ai-gateway`, (ctx) =>
    store.putAiGateway(ctx.params.name ?? "", ctx.json()),
  );
  router.add("PATCH", `${base}/{name}/tags`, (ctx) =>
    store.patchTags(ctx.params.name ?? "", ctx.json()),
  );
}

function throwMissing(name: string): never {
  throw notFound(`Endpoint with name '${name}' does not exist.`);
}
