import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";

/**
 * What a Pulumi program registered, in order, with every input, option and component output
 * exactly as it reached Pulumi's runtime: Outputs stay Outputs (a property of an earlier
 * resource, or an Output of their own with its dependencies, known-ness and secrecy), so a
 * replay (plan-replay.ts) makes the runtime do the same work without the program's own.
 * Recorded by wrapping the SDK's internal registerResource / registerResourceOutputs, which
 * every Resource constructor and ComponentResource.registerOutputs call.
 */

/** JSON with tagged objects for what JSON cannot hold. */
export type Recorded = null | boolean | number | string | Recorded[] | { [key: string]: Recorded };
export const TAG = "__benchRecorded";

export type RecordedEvent =
  | {
      kind: "resource";
      custom: boolean;
      type: string;
      name: string;
      props: Recorded;
      opts: Recorded;
    }
  | { kind: "outputs"; component: number; outputs: Recorded };

/** An Output the program made itself (not a resource's own property). */
export interface RecordedOutput {
  known: boolean;
  secret: boolean;
  value: Recorded;
  /** Indexes of the resources it depends on (Pulumi's allResources). */
  resources: number[];
}

export interface Recording {
  project: string;
  stack: string;
  events: RecordedEvent[];
  outputs: RecordedOutput[];
  promises: Recorded[];
  hooks: { name: string; opts: Recorded }[];
}

/**
 * Reads a recording with one shared object for every recorded `undefined` (most of them: the
 * provider classes pass each unset input), so the floor holds little more than the program.
 */
export function readRecording(file: string): Recording {
  const undefinedTag = tag("undefined");
  return JSON.parse(fs.readFileSync(file, "utf8"), (_key, value: Recorded) =>
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    value[TAG] === "undefined"
      ? undefinedTag
      : value,
  ) as Recording;
}

interface RuntimeResource {
  registerResource: (...args: unknown[]) => unknown;
  registerResourceOutputs: (res: unknown, outputs: unknown) => unknown;
}

type InternalOutput = pulumi.Output<unknown> & {
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
  allResources(): Promise<Set<pulumi.Resource>>;
  promise(withUnknowns?: boolean): Promise<unknown>;
};

function tag(kind: string, fields: Record<string, Recorded> = {}): Recorded {
  return { [TAG]: kind, ...fields };
}

export class Recorder {
  private readonly events: RecordedEvent[] = [];
  private readonly resources = new Map<object, number>();
  /** An Output that is a resource's own property -> [resource index, property]. */
  private readonly properties = new Map<object, [number, string]>();
  private readonly outputs = new Map<object, number>();
  private readonly promises = new Map<object, number>();
  private readonly hooks = new Map<object, number>();
  private readonly hookList: { name: string; opts: Recorded }[] = [];
  private restore: (() => void) | undefined;

  /** Wraps the SDK's registration functions until stop(). */
  start(): void {
    const runtime = require("@pulumi/pulumi/runtime/resource") as RuntimeResource;
    const { registerResource, registerResourceOutputs } = runtime;
    runtime.registerResource = (...args: unknown[]) => {
      const [res, , type, name, custom, remote, , props, opts] = args;
      if (remote) throw new Error(`recording: remote component ${String(name)} is not supported`);
      const index = this.resources.size;
      this.events.push({
        kind: "resource",
        custom: custom === true,
        type: String(type),
        name: String(name),
        props: this.encode(props ?? {}),
        opts: this.encode(opts ?? {}),
      });
      this.resources.set(res as object, index);
      const result = registerResource(...args);
      // The runtime has now given the resource an Output per input property, plus id and urn.
      const resource = res as Record<string, unknown>;
      for (const key of [...Object.keys(props ?? {}), "id", "urn"]) {
        if (pulumi.Output.isInstance(resource[key]))
          this.properties.set(resource[key] as object, [index, key]);
      }
      return result;
    };
    runtime.registerResourceOutputs = (res: unknown, outputs: unknown) => {
      const component = this.resources.get(res as object);
      if (component === undefined) throw new Error("recording: outputs of an unknown resource");
      this.events.push({ kind: "outputs", component, outputs: this.encode(outputs ?? {}) });
      return registerResourceOutputs(res, outputs);
    };
    this.restore = () => {
      runtime.registerResource = registerResource;
      runtime.registerResourceOutputs = registerResourceOutputs;
    };
  }

  stop(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** Once the program's registrations are complete: resolves what each Output and promise held. */
  async finish(project: string, stack: string): Promise<Recording> {
    const outputs: RecordedOutput[] = [];
    for (const output of this.outputs.keys()) {
      const o = output as InternalOutput;
      const known = await o.isKnown;
      const resources = [...(await o.allResources())].map((r) => this.indexOf(r));
      outputs.push({
        known,
        secret: await o.isSecret,
        value: known ? this.encode(await o.promise()) : null,
        resources,
      });
    }
    const promises: Recorded[] = [];
    for (const promise of this.promises.keys()) promises.push(this.encode(await promise));
    return { project, stack, events: this.events, outputs, promises, hooks: this.hookList };
  }

  private indexOf(resource: object): number {
    const index = this.resources.get(resource);
    if (index === undefined) throw new Error("recording: reference to an unregistered resource");
    return index;
  }

  private idOf(map: Map<object, number>, value: object): number {
    const known = map.get(value);
    if (known !== undefined) return known;
    map.set(value, map.size);
    return map.size - 1;
  }

  private encode(value: unknown): Recorded {
    if (value === undefined) return tag("undefined");
    if (value === null || ["boolean", "number", "string"].includes(typeof value))
      return value as Recorded;
    if (pulumi.Output.isInstance(value)) {
      const property = this.properties.get(value);
      if (property) return tag("property", { resource: property[0], key: property[1] });
      return tag("output", { id: this.idOf(this.outputs, value) });
    }
    if (pulumi.Resource.isInstance(value)) return tag("resource", { index: this.indexOf(value) });
    if (pulumi.ResourceHook.isInstance(value)) {
      const isNew = !this.hooks.has(value);
      const id = this.idOf(this.hooks, value);
      if (isNew) this.hookList[id] = { name: value.name, opts: this.encode(value.opts ?? {}) };
      return tag("hook", { id });
    }
    if (value instanceof Promise) return tag("promise", { id: this.idOf(this.promises, value) });
    if (Array.isArray(value)) return value.map((v) => this.encode(v));
    const proto = Object.getPrototypeOf(value) as unknown;
    if (typeof value === "object" && (proto === Object.prototype || proto === null)) {
      const record: Record<string, Recorded> = {};
      for (const [key, v] of Object.entries(value)) {
        if (key === TAG) throw new Error(`recording: a value uses the reserved key ${TAG}`);
        record[key] = this.encode(v);
      }
      return record;
    }
    throw new Error(`recording: cannot record a ${typeof value} (${String(value)})`);
  }
}
