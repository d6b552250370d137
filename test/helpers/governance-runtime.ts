import type * as pulumi from "@pulumi/pulumi";
import { evaluateInMockRuntime } from "../../cli/plan/mock-runtime";
import type { PlannedResource } from "../../policies/planned-resource";

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
  grant: "databricks:index/grant:Grant",
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

function recorded(resource: PlannedResource): RecordedResource {
  const result: RecordedResource = {
    type: resource.type,
    name: resource.name,
    custom: resource.custom,
    inputs: resource.inputs,
    protect: resource.options.protect === true,
    retainOnDelete: resource.options.retainOnDelete === true,
    ignoreChanges: resource.options.ignoreChanges ?? [],
    dependsOn: resource.dependsOn.map(nameOfUrn),
  };
  if (resource.options.import) result.importId = resource.options.import;
  if (resource.parentUrn) result.parent = nameOfUrn(resource.parentUrn);
  return result;
}

/** The project's mock-runtime harness (cli/plan/mock-runtime.ts), with invokes recorded. */
export async function runInMocks<T>(
  program: () => T,
  options: { stack?: string; config?: Record<string, string>; invokes?: InvokeAnswers } = {},
): Promise<MockRun<T>> {
  const invokes: RecordedInvoke[] = [];
  const { resources, outputs } = await evaluateInMockRuntime(
    {
      project: "model-monitoring",
      stack: options.stack ?? "dev",
      config: options.config ?? {},
      secretKeys: [],
      preview: false,
      idFor,
      invoke: (token, inputs) => {
        invokes.push({ token, inputs });
        const answer = options.invokes?.[token];
        if (!answer) throw new Error(`no mocked answer for invoke ${token}`);
        return answer(inputs);
      },
    },
    program,
  );
  return { resources: resources.map(recorded), invokes, outputs };
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
