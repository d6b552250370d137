import * as pulumi from "@pulumi/pulumi";

/**
 * Runs a program in Pulumi's mock runtime (pulumi.runtime.setMocks, not preview) and records,
 * per resource, the inputs the provider would get and the options the engine would get,
 * including the two the governance components rely on: `import` (adoption) and
 * `ignoreChanges`. Invokes are answered by token and recorded.
 *
 * The program is a callback so that callers require components only after the mocks are in
 * place (Pulumi's runtime state is global).
 */

export const TOKENS = {
  registeredModel: "databricks:index/registeredModel:RegisteredModel",
  grants: "databricks:index/grants:Grants",
  directory: "databricks:index/directory:Directory",
  experiment: "databricks:index/mlflowExperiment:MlflowExperiment",
  permissions: "databricks:index/permissions:Permissions",
  serving: "databricks:index/modelServing:ModelServing",
  getRegisteredModel: "databricks:index/getRegisteredModel:getRegisteredModel",
} as const;

export interface RecordedResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  /** The `import` option: the id of an existing object to adopt. */
  importId?: string;
  protect: boolean;
  retainOnDelete: boolean;
  ignoreChanges: string[];
  /** Explicit dependsOn and the resources whose outputs feed the inputs (as names). */
  dependsOn: string[];
  parent?: string;
}

export interface RecordedInvoke {
  token: string;
  inputs: Record<string, unknown>;
}

export type InvokeAnswers = Record<
  string,
  (inputs: Record<string, unknown>) => Record<string, unknown>
>;

export interface MockRun<T> {
  resources: RecordedResource[];
  invokes: RecordedInvoke[];
  outputs: T;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getImportid(): string;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(callback: (value: { getUrnsList(): string[] }) => void): void;
  };
}

type Callback = (error: Error | null, response?: unknown) => void;
interface Monitor {
  registerResource(request: RegisterRequest, callback: Callback): unknown;
}

/** Ids as the provider would assign them, so dependents see realistic values. */
function idFor(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  importId: string | undefined,
): string {
  if (importId) return importId;
  if (type === TOKENS.registeredModel)
    return `${inputs.catalogName}.${inputs.schemaName}.${inputs.name}`;
  if (type === TOKENS.experiment) return "1234567890123456";
  return `${name}-id`;
}

const nameOfUrn = (urn: string) => urn.split("::").pop() ?? urn;

function waitForRegistrations(): Promise<void> {
  const runtime = pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> };
  return runtime.waitForRPCs();
}

export async function runInMocks<T>(
  program: () => T,
  options: { stack?: string; config?: Record<string, string>; invokes?: InvokeAnswers } = {},
): Promise<MockRun<T>> {
  const stack = options.stack ?? "dev";
  const inputsByName = new Map<string, Record<string, unknown>>();
  const invokes: RecordedInvoke[] = [];
  pulumi.runtime.setAllConfig(options.config ?? {}, []);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const inputs = (args.inputs ?? {}) as Record<string, unknown>;
        inputsByName.set(`${args.type}::${args.name}`, inputs);
        return { id: idFor(args.type, args.name, inputs, args.id), state: inputs };
      },
      call: (args) => {
        invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
        const answer = options.invokes?.[args.token];
        if (!answer) throw new Error(`no mocked answer for invoke ${args.token}`);
        return answer(args.inputs as Record<string, unknown>);
      },
    },
    "model-monitoring",
    stack,
    false,
  );

  const requests: RegisterRequest[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    requests.push(request);
    return register(request, callback);
  };

  // An apply that throws (an alias that does not resolve) fails a registration; the error
  // surfaces as an unhandled rejection, and the registration never completes.
  let onRejection: (reason: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (onRejection = reject));
  process.on("unhandledRejection", onRejection);
  try {
    const outputs = program();
    await Promise.race([waitForRegistrations(), failed]);
    const resources = requests.map((request): RecordedResource => {
      const dependencies = new Set(request.getDependenciesList());
      request
        .getPropertydependenciesMap()
        .forEach((deps) => deps.getUrnsList().forEach((urn) => dependencies.add(urn)));
      const recorded: RecordedResource = {
        type: request.getType(),
        name: request.getName(),
        custom: request.getCustom(),
        inputs: inputsByName.get(`${request.getType()}::${request.getName()}`) ?? {},
        protect: request.getProtect() === true,
        retainOnDelete: request.getRetainondelete() === true,
        ignoreChanges: request.getIgnorechangesList(),
        dependsOn: [...dependencies].map(nameOfUrn),
      };
      if (request.getImportid()) recorded.importId = request.getImportid();
      if (request.getParent()) recorded.parent = nameOfUrn(request.getParent());
      return recorded;
    });
    return { resources, invokes, outputs };
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

export function only(resources: RecordedResource[], type: string): RecordedResource {
  const found = ofType(resources, type);
  if (found.length !== 1)
    throw new Error(
      `expected one ${type}, got ${found.length}: ${found.map((r) => r.name).join(", ")}`,
    );
  return found[0] as RecordedResource;
}

/** The value of a known output (mock runtime, not preview). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

interface OutputInternals<T> {
  promise(): Promise<T>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  allResources?: () => Promise<unknown>;
}

/**
 * The value of an output, or its error. An apply that throws rejects the output's value and
 * also its known/secret/resources promises; those are handled here so the rejection is the
 * test's to assert rather than an unhandled one. These members are the SDK's own, marked
 * internal (hence the cast).
 */
export function settled<T>(output: pulumi.Output<T>): Promise<T> {
  const internals = output as unknown as OutputInternals<T>;
  const ignore = () => undefined;
  internals.isKnown.catch(ignore);
  internals.isSecret.catch(ignore);
  internals.allResources?.().catch(ignore);
  return internals.promise();
}

/** Answers getRegisteredModel with the given alias -> version map. */
export function aliasesAnswer(aliases: Record<string, number>): InvokeAnswers {
  return {
    [TOKENS.getRegisteredModel]: (inputs) => ({
      fullName: inputs.fullName,
      modelInfos: [
        {
          aliases: Object.entries(aliases).map(([aliasName, versionNum]) => ({
            aliasName,
            versionNum,
          })),
        },
      ],
    }),
  };
}
