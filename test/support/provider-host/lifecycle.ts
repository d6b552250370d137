import { ProviderCallError, startProviderHost, type ProviderHost, type Props } from "./host";
import {
  declareResources,
  neverReadyPayload,
  thresholdRowsByModel,
  type DeclaredResource,
  type StackWorld,
} from "./model-stack";

/**
 * One stack's dynamic resources through the steps below in Pulumi's dynamic-provider host,
 * spoken to over gRPC as the engine does, every resource of a step in parallel. With
 * `faults`, both stand-ins answer a seeded share of requests with faults while the providers
 * work (never while the results are checked).
 */

export interface FaultSettings {
  seed: number;
  /** Share of HTTP requests (workspace and warehouse) that meet a fault. */
  rate: number;
  retryAfterSeconds: number;
  delayMs: number;
}

export interface PhaseRecord {
  name: string;
  ms: number;
  /** HTTP requests the workspace received, and the warehouse (Thrift calls). */
  workspaceRequests: number;
  warehouseRequests: number;
  /** ExecuteStatement calls that reached the warehouse's engine. */
  statements: number;
  /** Calls that failed: "<method> <urn>: <message>". */
  failures: string[];
}

export interface StoredResource {
  declared: DeclaredResource;
  id: string;
  /** Outputs (with `__provider`), as the state keeps them. */
  outputs: Props;
  /** Inputs after check, as the state keeps them. */
  inputs: Props;
}

export interface LifecycleRecord {
  phases: PhaseRecord[];
  /** The state after each step, by urn. */
  states: Record<string, Record<string, StoredResource>>;
  /** Each model's thresholds rows after each step. */
  rows: Record<string, Record<string, Array<Record<string, unknown>>>>;
  /** The never-ready wait: its timeout, how long its create took, and its error. */
  deadlineWait?: { timeoutSeconds: number; ms: number; message: string };
  /** Every text a user could see: errors, the engine's log, the hosts' output. */
  messages: string[];
  faultsFired: { workspace: Record<string, number>; warehouse: Record<string, number> };
}

export interface LifecycleOptions {
  faults?: FaultSettings;
  /** Also run a PayloadTableReady that never becomes ready, with this timeout. */
  deadlineWaitSeconds?: number;
}

/**
 * The steps, in order, all in one provider host process as one engine run keeps it: create
 * (`pulumi up`), read (`pulumi refresh`), check, diff and update with changed inputs (`pulumi
 * up`), delete (`pulumi destroy`). The host opens its SQL session and REST
 * connections during the creates, under faults. (A host costs seconds of CPU to start:
 * Pulumi, TypeScript, the driver; one per step would triple the suite's time.)
 */
export const STEPS: ReadonlyArray<{ phase: string; step: StepName }> = [
  { phase: "create", step: "create" },
  { phase: "refresh", step: "refresh" },
  { phase: "update", step: "update" },
  { phase: "delete", step: "delete" },
];

export type StepName = "create" | "refresh" | "update" | "delete";

export async function runLifecycle(
  world: StackWorld,
  projectRoot: string,
  options: LifecycleOptions = {},
): Promise<LifecycleRecord> {
  const record: LifecycleRecord = {
    phases: [],
    states: {},
    rows: {},
    messages: [],
    faultsFired: { workspace: {}, warehouse: {} },
  };
  const initial = await declareResources(world.models, "initial");
  const changed = new Map((await declareResources(world.models, "changed")).map((r) => [r.urn, r]));
  let state: Record<string, StoredResource> = {};
  /** Runs `work` on every resource at once; a failure is recorded, the others go on. */
  const everyResource = async (
    resources: readonly StoredResource[] | readonly DeclaredResource[],
    fail: (error: unknown) => void,
    work: (resource: never) => Promise<void>,
  ): Promise<void> => {
    await Promise.all(
      resources.map((resource) => work(resource as never).catch((error: unknown) => fail(error))),
    );
  };

  const steps: Record<StepName, (host: ProviderHost, fail: (e: unknown) => void) => Promise<void>> =
    {
      async create(host, fail) {
        await everyResource(initial, fail, async (declared: DeclaredResource) => {
          const { inputs } = await host.check(declared.urn, {}, declared.inputs);
          const created = await host.create(declared.urn, inputs);
          state[declared.urn] = { declared, id: created.id, outputs: created.properties, inputs };
        });
        if (options.deadlineWaitSeconds !== undefined) {
          // After the others: the implementation is loaded, so the time is the wait's own.
          const late = await neverReadyPayload(options.deadlineWaitSeconds);
          const { inputs } = await host.check(late.urn, {}, late.inputs);
          const started = Date.now();
          const message = await host.create(late.urn, inputs).then(
            (created) => `recorded tableExists: ${String(created.properties.tableExists)}`,
            (error: Error) => error.message,
          );
          record.deadlineWait = {
            timeoutSeconds: options.deadlineWaitSeconds,
            ms: Date.now() - started,
            message,
          };
          record.messages.push(message);
        }
      },
      async refresh(host, fail) {
        const next: Record<string, StoredResource> = {};
        await everyResource(Object.values(state), fail, async (stored: StoredResource) => {
          next[stored.declared.urn] = stored;
          const read = await host.read(
            stored.id,
            stored.declared.urn,
            stored.outputs,
            stored.inputs,
          );
          if (read.id === "")
            delete next[stored.declared.urn]; // gone: the engine forgets it
          else
            next[stored.declared.urn] = {
              ...stored,
              outputs: read.properties,
              inputs: read.inputs,
            };
        });
        state = next;
      },
      async update(host, fail) {
        await everyResource(Object.values(state), fail, async (stored: StoredResource) => {
          const declared = changed.get(stored.declared.urn) as DeclaredResource;
          const { inputs } = await host.check(declared.urn, stored.inputs, declared.inputs);
          const diff = await host.diff(stored.id, declared.urn, stored.outputs, inputs);
          if (diff.changes !== "some") return;
          const updated = await host.update(stored.id, declared.urn, stored.outputs, inputs);
          state[declared.urn] = { declared, id: stored.id, outputs: updated.properties, inputs };
        });
      },
      async delete(host, fail) {
        await everyResource(Object.values(state), fail, async (stored: StoredResource) => {
          await host.delete(stored.id, stored.declared.urn, stored.outputs);
          delete state[stored.declared.urn];
        });
      },
    };

  const host = await startProviderHost(projectRoot);
  try {
    await host.configure(world.config);
    for (const { phase, step } of STEPS) {
      const before = counts(world);
      const failures: string[] = [];
      const started = Date.now();
      faultsOn(world, options.faults, record.phases.length);
      try {
        await steps[step](host, (error) => failures.push(describe(error)));
      } finally {
        faultsOff(world);
      }
      const after = counts(world);
      record.phases.push({
        name: phase,
        ms: Date.now() - started,
        workspaceRequests: after.workspace - before.workspace,
        warehouseRequests: after.warehouse - before.warehouse,
        statements: after.statements - before.statements,
        failures,
      });
      record.messages.push(...failures);
      record.states[phase] = structuredClone(state);
      record.rows[phase] = await thresholdRowsByModel(world);
    }
  } finally {
    await host.close();
    record.messages.push(host.output(), ...host.engine.logs);
  }

  record.faultsFired = {
    workspace: { ...world.workspace.faults.firedByKind },
    warehouse: { ...world.warehouse.faults.firedByKind },
  };
  return record;
}

function counts(world: StackWorld): { workspace: number; warehouse: number; statements: number } {
  return {
    workspace: world.workspace.requests.all().length,
    warehouse: world.warehouse.counters.httpRequests,
    statements: world.warehouse.counters.statementsExecuted,
  };
}

function faultsOn(world: StackWorld, faults: FaultSettings | undefined, phase: number): void {
  if (faults === undefined) return;
  // Each step its own sequence, fixed by the seed.
  const seed = faults.seed * 101 + phase;
  world.workspace.faults.random({
    seed,
    rate: faults.rate,
    retryAfterSeconds: faults.retryAfterSeconds,
    delayMs: faults.delayMs,
  });
  world.warehouse.faults.random({
    seed: seed + 7919,
    rate: faults.rate,
    retryAfterSeconds: faults.retryAfterSeconds,
    delayMs: faults.delayMs,
  });
}

function faultsOff(world: StackWorld): void {
  world.workspace.faults.clear();
  world.warehouse.faults.clear();
}

function describe(error: unknown): string {
  if (error instanceof ProviderCallError) return `${error.method} ${error.urn}: ${error.message}`;
  return String((error as Error)?.stack ?? error);
}
