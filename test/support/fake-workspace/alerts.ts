import type { Principal } from "./access";
import { applyUpdateMask, readAlert } from "./alert-config";
import { invalidParameter, notFound } from "./errors";
import { Fields, isObject, type JsonObject } from "./fields";
import type { IdGenerator } from "./ids";
import { paginate } from "./paging";
import type { Router } from "./router";
import type { Strictness } from "./strictness";
import type { Timeline } from "./timeline";

interface AlertRecord {
  seq: number;
  id: string;
  alert: JsonObject;
  owner: Principal;
  createdAt: number;
  updatedAt: number;
  lifecycleState: "ACTIVE" | "DELETED";
  /** The last evaluation (alert-evaluation.ts), if a test ran one. */
  evaluated?: { state: AlertEvaluationState; at: number };
}

/** AlertEvaluationState of databricks-sdk-py's sql.py. */
export type AlertEvaluationState = "UNKNOWN" | "OK" | "TRIGGERED" | "ERROR";

/**
 * SQL alerts v2 at /api/2.0/alerts (docs/databricks-api.md, SQL alerts). DELETE moves an alert to the trash
 * (lifecycle_state DELETED): it can still be read by id but is left out of the list and cannot be
 * updated or deleted again (ASSUMPTION: the reference only says "soft delete, trash"); with
 * `?purge=true` it is gone for good.
 */
export class AlertStore {
  private readonly alerts = new Map<string, AlertRecord>();
  private seq = 0;

  constructor(
    private readonly timeline: Timeline,
    private readonly ids: IdGenerator,
    private readonly owner: Principal,
    private readonly destinationExists: (id: string) => boolean,
    private readonly strictness: Strictness,
  ) {}

  create(body: unknown, principal: Principal): JsonObject {
    const alert = readAlert(Fields.of(body), this.destinationExists);
    const now = this.timeline.now();
    const record: AlertRecord = {
      seq: this.seq++,
      id: this.ids.uuid(),
      alert,
      owner: principal,
      createdAt: now,
      updatedAt: now,
      lifecycleState: "ACTIVE",
    };
    this.alerts.set(record.id, record);
    return view(record);
  }

  get(id: string): JsonObject | undefined {
    const record = this.alerts.get(id);
    return record === undefined ? undefined : view(record);
  }

  /** Active alerts in creation order, one page. */
  list(query: URLSearchParams): { alerts: JsonObject[]; next_page_token?: string } {
    const active = [...this.alerts.values()].filter((record) => record.lifecycleState === "ACTIVE");
    const page = paginate(active, query);
    return {
      alerts: page.items.map(view),
      ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
    };
  }

  /** Every alert held, trashed ones included (for tests). */
  all(): JsonObject[] {
    return [...this.alerts.values()].map(view);
  }

  update(id: string, body: unknown, updateMask: string | null): JsonObject {
    if (updateMask === null || updateMask.trim() === "") {
      throw invalidParameter("Missing required field: update_mask");
    }
    const record = this.requireActive(id);
    if (!isObject(body)) throw invalidParameter("Request body must be a JSON object");
    const merged = applyUpdateMask(record.alert, body, updateMask);
    keepParentPath(record.alert, merged, this.strictness);
    record.alert = readAlert(Fields.of(merged), this.destinationExists);
    record.updatedAt = this.timeline.now();
    return view(record);
  }

  delete(id: string, purge: boolean): void {
    if (purge) {
      if (!this.alerts.delete(id)) throw missing(id);
      return;
    }
    const record = this.requireActive(id);
    record.lifecycleState = "DELETED";
    record.updatedAt = this.timeline.now();
  }

  /** Records an evaluation's outcome (test/support/fake-workspace/alert-evaluation.ts). */
  recordEvaluation(id: string, state: AlertEvaluationState): void {
    this.requireActive(id).evaluated = { state, at: this.timeline.now() };
  }

  seed(body: unknown, principal: Principal = this.owner): JsonObject {
    return this.create(body, principal);
  }

  private requireActive(id: string): AlertRecord {
    const record = this.alerts.get(id);
    if (record === undefined || record.lifecycleState === "DELETED") throw missing(id);
    return record;
  }
}

/**
 * `parent_path` "can only be set on create" (SDK AlertV2 docs), yet the Terraform provider names it
 * in every update_mask: the same value (or none, as created) passes; another one is refused or
 * ignored as `strictness.createOnlyFields` says.
 */
function keepParentPath(current: JsonObject, merged: JsonObject, strictness: Strictness): void {
  if (merged.parent_path === current.parent_path) return;
  if (strictness.createOnlyFields === "reject") {
    throw invalidParameter("parent_path can only be set when the alert is created");
  }
  if (current.parent_path === undefined) delete merged.parent_path;
  else merged.parent_path = current.parent_path;
}

function missing(id: string): Error {
  return notFound(`Alert with id '${id}' does not exist.`);
}

function view(record: AlertRecord): JsonObject {
  const alert = structuredClone(record.alert);
  const runAs = alert.run_as as JsonObject | undefined;
  const effectiveRunAs =
    runAs ??
    (typeof alert.run_as_user_name === "string"
      ? { user_name: alert.run_as_user_name }
      : record.owner.kind === "user"
        ? { user_name: record.owner.name }
        : { service_principal_name: record.owner.name });
  return {
    id: record.id,
    ...alert,
    // UNKNOWN until evaluated; the fake evaluates only when a test asks (alert-evaluation.ts).
    evaluation: {
      ...(alert.evaluation as JsonObject),
      state: record.evaluated?.state ?? "UNKNOWN",
      ...(record.evaluated === undefined
        ? {}
        : { last_evaluated_at: new Date(record.evaluated.at).toISOString() }),
    },
    // ASSUMPTION: the effective values are the sent ones, the owner's home folder by default.
    effective_parent_path: alert.parent_path ?? `/Users/${record.owner.name}`,
    schedule: {
      ...(alert.schedule as JsonObject),
      effective_pause_status: (alert.schedule as JsonObject).pause_status,
    },
    create_time: new Date(record.createdAt).toISOString(),
    update_time: new Date(record.updatedAt).toISOString(),
    lifecycle_state: record.lifecycleState,
    owner_user_name: record.owner.name,
    effective_run_as: structuredClone(effectiveRunAs),
  };
}

export function registerAlertRoutes(router: Router, store: AlertStore): void {
  const base = "/api/2.0/alerts";
  router.add("POST", base, (ctx) => store.create(ctx.json(), ctx.principal));
  router.add("GET", base, ({ query }) => store.list(query));
  router.add(
    "GET",
    `${base}/{id}`,
    ({ params }) => store.get(params.id ?? "") ?? throwMissing(params.id ?? ""),
  );
  router.add("PATCH", `${base}/{id}`, (ctx) =>
    store.update(ctx.params.id ?? "", ctx.json(), ctx.query.get("update_mask")),
  );
  router.add("DELETE", `${base}/{id}`, ({ params, query }) => {
    store.delete(params.id ?? "", query.get("purge") === "true");
    return {};
  });
}

function throwMissing(id: string): never {
  throw missing(id);
}
