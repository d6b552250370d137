import { invalidParameter, notFound } from "./errors";
import { Fields, type JsonObject } from "./fields";
import type { IdGenerator } from "./ids";
import { paginate } from "./paging";
import type { Router } from "./router";

/**
 * Notification destinations (docs/databricks-api.md, notification destinations). `config` wraps exactly one kind; secrets are
 * input-only and come back as `<field>_set: true`. The fields and which of them are secret follow
 * the SDK models' `*_set` flags (ASSUMPTION: every field but email addresses is input-only).
 * The caller is treated as a workspace admin, so `config` is always returned.
 */
const kinds = {
  email: { type: "EMAIL", fields: ["addresses"], secret: false, required: ["addresses"] },
  slack: {
    type: "SLACK",
    fields: ["url", "channel_id", "oauth_token"],
    secret: true,
    required: ["url"],
  },
  generic_webhook: {
    type: "WEBHOOK",
    fields: ["url", "username", "password"],
    secret: true,
    required: ["url"],
  },
  microsoft_teams: {
    type: "MICROSOFT_TEAMS",
    fields: ["url", "app_id", "auth_secret", "channel_url", "tenant_id"],
    secret: true,
    required: [],
  },
  pagerduty: {
    type: "PAGERDUTY",
    fields: ["integration_key"],
    secret: true,
    required: ["integration_key"],
  },
} as const;

type Kind = keyof typeof kinds;
const kindNames = Object.keys(kinds) as Kind[];

interface DestinationRecord {
  seq: number;
  id: string;
  displayName: string;
  kind: Kind;
  /** As sent, secrets included. */
  settings: JsonObject;
}

export class NotificationDestinationStore {
  private readonly destinations = new Map<string, DestinationRecord>();
  private seq = 0;

  constructor(private readonly ids: IdGenerator) {}

  create(body: unknown): JsonObject {
    const fields = Fields.of(body);
    const displayName = fields.requiredString("display_name");
    const { kind, settings } = readConfig(fields.requiredObject("config"));
    const record: DestinationRecord = {
      seq: this.seq++,
      id: this.ids.uuid(),
      displayName,
      kind,
      settings,
    };
    this.destinations.set(record.id, record);
    return view(record);
  }

  /** PATCH: fields present replace; within `config`, unset fields keep their value (ASSUMPTION). */
  update(id: string, body: unknown): JsonObject {
    const record = this.require(id);
    const fields = Fields.of(body);
    const displayName = fields.string("display_name");
    const configFields = fields.object("config");
    const config = configFields === undefined ? undefined : readConfig(configFields, record);
    if (config !== undefined && config.kind !== record.kind) {
      throw invalidParameter(
        `destination_type cannot change after creation (${kinds[record.kind].type} -> ${kinds[config.kind].type})`,
      );
    }
    if (displayName !== undefined) record.displayName = displayName;
    if (config !== undefined) record.settings = { ...record.settings, ...config.settings };
    return view(record);
  }

  delete(id: string): void {
    this.require(id);
    this.destinations.delete(id);
  }

  get(id: string): JsonObject | undefined {
    const record = this.destinations.get(id);
    return record === undefined ? undefined : view(record);
  }

  has(id: string): boolean {
    return this.destinations.has(id);
  }

  /** The config as sent, secrets included: what the workspace holds but never returns. */
  storedSecrets(id: string): JsonObject | undefined {
    const record = this.destinations.get(id);
    return record === undefined ? undefined : { [record.kind]: structuredClone(record.settings) };
  }

  list(query: URLSearchParams): { results: JsonObject[]; next_page_token?: string } {
    const page = paginate([...this.destinations.values()], query);
    return {
      results: page.items.map((record) => ({
        id: record.id,
        display_name: record.displayName,
        destination_type: kinds[record.kind].type,
      })),
      ...(page.nextPageToken === undefined ? {} : { next_page_token: page.nextPageToken }),
    };
  }

  seed(body: unknown): JsonObject {
    return this.create(body);
  }

  private require(id: string): DestinationRecord {
    const record = this.destinations.get(id);
    if (record === undefined) throw notFound(`Notification destination '${id}' does not exist.`);
    return record;
  }
}

/** `existing` relaxes required fields: a PATCH may send only what changes. */
function readConfig(
  config: Fields,
  existing?: DestinationRecord,
): { kind: Kind; settings: JsonObject } {
  const kind = config.exactlyOne(kindNames, "one destination kind of");
  const settings = config.requiredObject(kind);
  const spec = kinds[kind];
  // `<field>_set` flags are output-only: a client echoing a GET back is fine, they are dropped.
  const known = (key: string): boolean =>
    (spec.fields as readonly string[]).includes(key.replace(/_set$/, ""));
  const unknown = Object.keys(settings.raw).filter((key) => !known(key));
  if (unknown.length > 0) {
    // ASSUMPTION: unknown config fields are refused rather than ignored.
    throw invalidParameter(`Unknown field(s) in ${config.path(kind)}: ${unknown.join(", ")}`);
  }
  if (kind === "email") {
    const addresses = settings.strings("addresses");
    if (existing === undefined && (addresses === undefined || addresses.length === 0)) {
      throw invalidParameter(`Missing required field: ${settings.path("addresses")}`);
    }
  } else {
    for (const key of spec.fields) settings.string(key);
    if (existing === undefined) for (const key of spec.required) settings.requiredString(key);
  }
  const stored: JsonObject = {};
  for (const key of spec.fields)
    if (settings.has(key)) stored[key] = structuredClone(settings.raw[key]);
  return { kind, settings: stored };
}

function view(record: DestinationRecord): JsonObject {
  const spec = kinds[record.kind];
  const echoed: JsonObject = {};
  for (const [key, value] of Object.entries(record.settings)) {
    if (spec.secret) echoed[`${key}_set`] = true;
    else echoed[key] = structuredClone(value);
  }
  return {
    id: record.id,
    display_name: record.displayName,
    destination_type: spec.type,
    config: { [record.kind]: echoed },
  };
}

export function registerNotificationDestinationRoutes(
  router: Router,
  store: NotificationDestinationStore,
): void {
  const base = "/api/2.0/notification-destinations";
  router.add("POST", base, (ctx) => store.create(ctx.json()));
  router.add("GET", base, ({ query }) => store.list(query));
  router.add("GET", `${base}/{id}`, ({ params }) => {
    const id = params.id ?? "";
    return store.get(id) ?? throwMissing(id);
  });
  router.add("PATCH", `${base}/{id}`, (ctx) => store.update(ctx.params.id ?? "", ctx.json()));
  router.add("DELETE", `${base}/{id}`, ({ params }) => {
    store.delete(params.id ?? "");
    return {};
  });
}

function throwMissing(id: string): never {
  throw notFound(`Notification destination '${id}' does not exist.`);
}
