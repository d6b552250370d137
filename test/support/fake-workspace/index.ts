import { testCertificate } from "../tls";
import { FaultInjector } from "./faults";
import { FIRST_CONTACT_AS_BEFORE, type FirstContactSwitches } from "./first-contact";
import { IdGenerator } from "./ids";
import { RequestLog } from "./request-log";
import { buildRouter } from "./routes";
import { startServer } from "./server";
import { WorkspaceState } from "./state";
import { defaultStrictness, type Strictness } from "./strictness";
import { Timeline } from "./timeline";
import { defaultTiming, type Timing } from "./timing";

export type { DenyRule, Principal } from "./access";
export type { ActiveFault, FaultKind, FaultSpec, RandomFaultSpec } from "./faults";
export type { FirstContactSwitches } from "./first-contact";
export { FIRST_CONTACT_AS_BEFORE, PESSIMISTIC_FIRST_CONTACT } from "./first-contact";
export type { LoggedRequest, RequestFilter } from "./request-log";
export type { MonitorRefreshInfo, RefreshState } from "./monitor-refreshes";
export type { ColumnSeed, TableInfo, TableSeed } from "./tables";
export type { CatalogSeed, SchemaSeed } from "./uc-namespaces";
export type { ModelVersionSeed, RegisteredModelSeed } from "./registered-models";
export type { Strictness } from "./strictness";
export type { Timing } from "./timing";
export { FaultInjector } from "./faults";
export { RequestLog } from "./request-log";
export { WorkspaceState } from "./state";
export { defaultTiming } from "./timing";
export { defaultStrictness } from "./strictness";
export { manualClock, type ManualClock } from "./timeline";

export interface FakeWorkspaceOptions {
  /** The personal access token it accepts (default: generated). */
  token?: string;
  /** The user that token belongs to (default "fake-user@example.com"). */
  userName?: string;
  /** OAuth M2M credentials it accepts (default: generated). */
  clientId?: string;
  clientSecret?: string;
  /** Delays of the asynchronous states (default: tens of milliseconds). */
  timing?: Partial<Timing>;
  /** Seed for ids and generated credentials (default 1): same seed, same ids. */
  seed?: number;
  /** Time source in epoch ms (default Date.now), e.g. a manual clock for step-by-step tests. */
  clock?: () => number;
  /** Which side of each unconfirmed API behaviour to play (default: the harder side of each). */
  strictness?: Partial<Strictness>;
  /** Answers to the UNCONFIRMED first-contact facts (default FIRST_CONTACT_AS_BEFORE). */
  firstContact?: Partial<FirstContactSwitches>;
}

export interface FakeWorkspace {
  /** "https://127.0.0.1:PORT": what DATABRICKS_HOST would hold. */
  url: string;
  /** "127.0.0.1". */
  host: string;
  port: number;
  /** PEM of the CA that signed the server certificate: what clients must trust. */
  caCert: string;
  /** A valid personal access token. */
  token: string;
  userName: string;
  clientId: string;
  clientSecret: string;
  /** Numeric string, as `/.well-known/databricks-config` reports it. */
  workspaceId: string;
  state: WorkspaceState;
  faults: FaultInjector;
  requests: RequestLog;
  /** Live: changes apply to operations that start afterwards. */
  timing: Timing;
  /** Live: changes apply to the next request. */
  strictness: Strictness;
  /** Live, like `timing`: the first-contact switches (first-contact.ts). */
  firstContact: FirstContactSwitches;
  close(): Promise<void>;
}

/** Starts a fake Databricks workspace over HTTPS on 127.0.0.1, on a free port. */
export async function startFakeWorkspace(
  options: FakeWorkspaceOptions = {},
): Promise<FakeWorkspace> {
  const ids = new IdGenerator(options.seed ?? 1);
  const timeline = new Timeline(options.clock ?? Date.now);
  const timing: Timing = { ...defaultTiming, ...options.timing };
  const strictness: Strictness = { ...defaultStrictness, ...options.strictness };
  const firstContact: FirstContactSwitches = {
    ...FIRST_CONTACT_AS_BEFORE,
    metricTablesLack: [],
    ...options.firstContact,
  };
  const userName = options.userName ?? "fake-user@example.com";
  const state = new WorkspaceState(timeline, timing, ids, userName, strictness, firstContact);
  const token = options.token ?? `fake-pat-${ids.hex(32)}`;
  const clientId = options.clientId ?? ids.uuid();
  const clientSecret = options.clientSecret ?? `fake-secret-${ids.hex(32)}`;
  const workspaceId = ids.digits(16);
  state.access.addPersonalAccessToken(token);
  state.access.addOAuthClient(clientId, clientSecret);

  const faults = new FaultInjector();
  const requests = new RequestLog();
  const certificate = await testCertificate();
  const server = await startServer({
    router: buildRouter(state, timing, workspaceId),
    access: state.access,
    faults,
    requests,
    timeline,
    certificate,
    strictness,
  });
  return {
    url: `https://127.0.0.1:${server.port}`,
    host: "127.0.0.1",
    port: server.port,
    caCert: certificate.cert,
    token,
    userName,
    clientId,
    clientSecret,
    workspaceId,
    state,
    faults,
    requests,
    timing,
    strictness,
    firstContact,
    close: server.close,
  };
}
