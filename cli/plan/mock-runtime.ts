import * as pulumi from "@pulumi/pulumi";
import { type PlannedResource, UNKNOWN_DISPLAY } from "./planned-resource";

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
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getReplaceonchangesList(): string[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

type Callback = (error: Error | null, response?: unknown) => void;
interface Monitor {
  registerResource(request: RegisterRequest, callback: Callback): unknown;
  newUrn(parent: string, type: string, name: string): string;
}

export interface MockEvaluation<T> {
  resources: PlannedResource[];
  outputs: T;
}

export interface MockRuntimeOptions {
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
  /** Answers data-source invokes by token; undefined falls back to an empty result. */
  invoke?: (token: string, inputs: Record<string, unknown>) => Record<string, unknown> | undefined;
}

function recordRequest(request: RegisterRequest, urn: string): PlannedResource {
  const timeouts = request.getCustomtimeouts();
  const options: PlannedResource["options"] = {};
  if (request.getProtect()) options.protect = true;
  if (request.getRetainondelete()) options.retainOnDelete = true;
  if (request.getDeletebeforereplace()) options.deleteBeforeReplace = true;
  if (request.getReplaceonchangesList().length > 0) options.replaceOnChanges = request.getReplaceonchangesList();
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
    dependsOn: request.getDependenciesList(),
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
  if (!runtime.waitForRPCs) throw new Error("this @pulumi/pulumi version has no runtime.waitForRPCs");
  return runtime.waitForRPCs();
}

export async function evaluateInMockRuntime<T>(
  options: MockRuntimeOptions,
  program: () => T,
): Promise<MockEvaluation<T>> {
  pulumi.runtime.setAllConfig(options.config, options.secretKeys);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: undefined, state: args.inputs }),
      call: (args) => options.invoke?.(args.token, args.inputs) ?? {},
    },
    options.project,
    options.stack,
    true,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const resources: PlannedResource[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    resources.push(recordRequest(request, monitor.newUrn(request.getParent(), request.getType(), request.getName())));
    return register(request, callback);
  };

  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const outputs = program();
    await waitForRegistrations();
    // Applies that throw (e.g. an alias that does not resolve) surface as rejections.
    await new Promise((resolve) => setImmediate(resolve));
    if (failures.length > 0) throw failures[0];
    return { resources, outputs };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}
