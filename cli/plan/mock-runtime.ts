import * as pulumi from "@pulumi/pulumi";
import { type PlannedResource, UNKNOWN_DISPLAY } from "../../policies/planned-resource";
import { keepComponentOutputsOf, skipSourcePositions } from "./offline-sdk-shortcuts";

/**
 * Evaluates a Pulumi program in Pulumi's mock runtime, in preview mode, and records every
 * resource registration with its inputs and options, as the engine would receive them.
 * Nothing is created anywhere: outputs that only a provider could compute stay unknown.
 */

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SPECIAL_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

/** Turns the wire form of property values into plain values for display. */
function plain(value: unknown): unknown {
  if (value === UNKNOWN_SENTINEL) return UNKNOWN_DISPLAY;
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SPECIAL_SIG] === SECRET_SIG) return "[secret]";
    if (record[SPECIAL_SIG] === RESOURCE_SIG) return record.urn;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }) => void): void;
  };
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getReplaceonchangesList(): string[];
  getIgnorechangesList(): string[];
  getImportid(): string;
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getHooks(): Record<string, unknown> | undefined;
}

/** The hook kinds of a registration, with the getter of each list in the protobuf binding. */
const HOOK_KINDS = {
  beforeCreate: "getBeforeCreateList",
  afterCreate: "getAfterCreateList",
  beforeUpdate: "getBeforeUpdateList",
  afterUpdate: "getAfterUpdateList",
  beforeDelete: "getBeforeDeleteList",
  afterDelete: "getAfterDeleteList",
} as const;

/** A resource hook the program registered; the engine would call it, the mock runtime never does. */
export interface RecordedHook {
  name: string;
  onDryRun: boolean;
  callback: pulumi.ResourceHookFunction;
}

type Callback = (error: Error | null, response?: unknown) => void;
interface OutputsRequest {
  getUrn(): string;
  getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Monitor {
  registerResource(request: RegisterRequest, callback: Callback): unknown;
  registerResourceOutputs(request: OutputsRequest, callback: Callback): unknown;
  newUrn(parent: string, type: string, name: string): string;
}

export interface MockEvaluation<T> {
  resources: PlannedResource[];
  outputs: T;
  /** What each component registered with registerOutputs, by URN, unknowns as display text. */
  componentOutputs: Map<string, Record<string, unknown>>;
  /** Resource hooks by name, as registered. */
  resourceHooks: Map<string, RecordedHook>;
}

export interface MockRuntimeOptions {
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
  /** Preview (the default) leaves provider-computed outputs unknown, as `pulumi preview` does. */
  preview?: boolean;
  /** The id a provider would assign (not preview); default `<name>-id`, or the adopted id. */
  idFor?: (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    importId?: string,
  ) => string;
  /** Values a provider would compute on create (ids, URLs); merged over the echoed inputs. */
  computed?: (
    type: string,
    name: string,
    inputs: Record<string, unknown>,
  ) => Record<string, unknown>;
  /** Answers data-source invokes by token; undefined falls back to an empty result. */
  invoke?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
  /**
   * Component types whose registerOutputs reach the monitor (componentOutputs); default all.
   * The others' outputs are never serialized: nothing offline reads them.
   */
  componentOutputsOf?: readonly string[];
}

/** Explicit dependsOn plus the resources whose outputs feed this one's inputs. */
function dependenciesOf(request: RegisterRequest): string[] {
  const urns = new Set(request.getDependenciesList());
  request
    .getPropertydependenciesMap()
    .forEach((deps) => deps.getUrnsList().forEach((urn) => urns.add(urn)));
  return [...urns];
}

function hooksOf(request: RegisterRequest): Record<string, string[]> | undefined {
  const binding = request.getHooks();
  if (!binding) return undefined;
  const hooks: Record<string, string[]> = {};
  for (const [kind, getter] of Object.entries(HOOK_KINDS)) {
    const names = (binding[getter] as () => string[])();
    if (names.length > 0) hooks[kind] = names;
  }
  return Object.keys(hooks).length > 0 ? hooks : undefined;
}

/**
 * The SDK registers resource hooks through a callback server (a gRPC server in the program's
 * process that the engine calls). Offline there is no engine to call it, so the store gets a
 * recorder in its place, which keeps each hook's function (internal module, as waitForRPCs).
 */
function recordResourceHooks(hooks: Map<string, RecordedHook>): void {
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): { callbacks?: unknown };
  };
  const unsupported = () => {
    throw new Error("the offline plan supports resource hooks, not transforms");
  };
  state.getStore().callbacks = {
    registerResourceHook: async (hook: pulumi.ResourceHook) => {
      hooks.set(hook.name, {
        name: hook.name,
        onDryRun: hook.opts?.onDryRun ?? false,
        callback: hook.callback,
      });
    },
    registerTransform: unsupported,
    registerStackTransform: unsupported,
    registerStackInvokeTransform: unsupported,
    registerErrorHook: unsupported,
    awaitStackRegistrations: async () => undefined,
    shutdown: () => undefined,
  };
}

function recordRequest(request: RegisterRequest, urn: string): PlannedResource {
  const timeouts = request.getCustomtimeouts();
  const options: PlannedResource["options"] = {};
  if (request.getProtect()) options.protect = true;
  if (request.getRetainondelete()) options.retainOnDelete = true;
  if (request.getDeletebeforereplace()) options.deleteBeforeReplace = true;
  if (request.getReplaceonchangesList().length > 0)
    options.replaceOnChanges = request.getReplaceonchangesList();
  if (request.getIgnorechangesList().length > 0)
    options.ignoreChanges = request.getIgnorechangesList();
  if (request.getImportid()) options.import = request.getImportid();
  const hooks = hooksOf(request);
  if (hooks) options.hooks = hooks;
  if (timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())) {
    options.customTimeouts = {};
    if (timeouts.getCreate()) options.customTimeouts.create = timeouts.getCreate();
    if (timeouts.getUpdate()) options.customTimeouts.update = timeouts.getUpdate();
    if (timeouts.getDelete()) options.customTimeouts.delete = timeouts.getDelete();
  }
  const resource: PlannedResource = {
    urn,
    type: request.getType(),
    name: request.getName(),
    custom: request.getCustom(),
    inputs: (plain(request.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>) ?? {},
    dependsOn: dependenciesOf(request),
    options,
  };
  if (request.getParent()) resource.parentUrn = request.getParent();
  return resource;
}

/**
 * Resolves once every pending registration has reached the (mock) monitor. The SDK's own
 * `waitForRPCs` is what `pulumi up` uses at shutdown; it is marked internal, hence the cast.
 */
function waitForRegistrations(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  if (!runtime.waitForRPCs)
    throw new Error("this @pulumi/pulumi version has no runtime.waitForRPCs");
  return runtime.waitForRPCs();
}

/**
 * Outputs nobody awaits stay pending under mocks; at exit the SDK would report them as
 * leaked promises. The evaluation is complete here, so they are dropped (internal module).
 */
function forgetPendingPromises(): void {
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    leakedPromises?: () => unknown;
  };
  debuggable.leakedPromises?.();
}

/**
 * For a program that declares in batches: every registration so far has reached the monitor,
 * and the outputs a preview never resolves are no longer held for the leak report.
 */
export async function settleRegistrations(): Promise<void> {
  await waitForRegistrations();
  forgetPendingPromises();
}

export async function evaluateInMockRuntime<T>(
  options: MockRuntimeOptions,
  program: () => T | Promise<T>,
): Promise<MockEvaluation<T>> {
  const preview = options.preview ?? true;
  pulumi.runtime.setAllConfig(options.config, options.secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({
        // args.id is the import id, or empty when the resource is not adopted.
        id: preview
          ? undefined
          : (options.idFor?.(args.type, args.name, args.inputs, args.id || undefined) ??
            (args.id || `${args.name}-id`)),
        state: { ...args.inputs, ...(options.computed?.(args.type, args.name, args.inputs) ?? {}) },
      }),
      call: (args) => options.invoke?.(args.token, args.inputs) ?? {},
    },
    options.project,
    options.stack,
    preview,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const resources: PlannedResource[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    resources.push(
      recordRequest(
        request,
        monitor.newUrn(request.getParent(), request.getType(), request.getName()),
      ),
    );
    return register(request, callback);
  };
  const resourceHooks = new Map<string, RecordedHook>();
  recordResourceHooks(resourceHooks);
  const componentOutputs = new Map<string, Record<string, unknown>>();
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (request, callback) => {
    const outputs = plain(request.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
    componentOutputs.set(request.getUrn(), outputs);
    return registerOutputs(request, callback);
  };

  // An apply that throws (e.g. an alias that does not resolve) fails its registration; the
  // error surfaces as an unhandled rejection and the registration never completes.
  let onRejection: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (onRejection = reject));
  process.on("unhandledRejection", onRejection);
  // The SDK records a stack trace for every internal promise, only to report leaks; with
  // thousands of resources that dominates the run. Errors keep their messages.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const restore = [skipSourcePositions()];
  if (options.componentOutputsOf) restore.push(keepComponentOutputsOf(options.componentOutputsOf));
  try {
    const outputs = await Promise.race([program(), failed]);
    await Promise.race([waitForRegistrations(), failed]);
    forgetPendingPromises();
    return { resources, outputs, componentOutputs, resourceHooks };
  } finally {
    for (const undo of restore) undo();
    Error.stackTraceLimit = stackTraceLimit;
    process.off("unhandledRejection", onRejection);
  }
}
