import * as pulumi from "@pulumi/pulumi";
import { type Recorded, type Recording, TAG } from "./plan-recording";

/**
 * The like-for-like floor: registers exactly what a recording holds, in the same order, with
 * `new pulumi.CustomResource` / `new pulumi.ComponentResource` and registerOutputs. Where the
 * program passed a resource's own Output the replay passes that resource's Output; where it
 * passed an Output of its own making, the replay passes one Output over the same resources
 * with the same value, known-ness and secrecy. What the program computes on the way (config,
 * apply chains, policies, SQL) is not replayed: that is the overhead the benchmark measures.
 */

const noHook: pulumi.ResourceHookFunction = async () => undefined;

/** CustomResource is abstract in the SDK's types; a subclass, as every provider's class is. */
class DirectCustomResource extends pulumi.CustomResource {}

export function replay(recording: Recording): void {
  const resources: pulumi.Resource[] = [];
  const custom: boolean[] = [];
  const outputs = new Map<number, pulumi.Output<unknown>>();
  const promises = new Map<number, Promise<unknown>>();
  const hooks = new Map<number, pulumi.ResourceHook>();

  const memo = <T>(cache: Map<number, T>, id: number, make: () => T): T => {
    const found = cache.get(id);
    if (found !== undefined) return found;
    const made = make();
    cache.set(id, made);
    return made;
  };

  const resource = (index: number): pulumi.Resource => {
    const found = resources[index];
    if (!found) throw new Error(`replay: resource ${index} is used before it is registered`);
    return found;
  };

  /** One Output over the same resources; unknown (in preview) through a custom resource's id. */
  const ownOutput = (id: number): pulumi.Output<unknown> => {
    const recorded = recording.outputs[id];
    if (!recorded) throw new Error(`replay: no output ${id}`);
    const value = decode(recorded.value);
    let sources: pulumi.Output<unknown>[] = recorded.resources.map((i) => resource(i).urn);
    if (!recorded.known) {
      const unknownSource = recorded.resources.find((i) => custom[i]);
      if (unknownSource === undefined)
        throw new Error(`replay: unknown output ${id} depends on no custom resource`);
      sources = [...sources, (resource(unknownSource) as pulumi.CustomResource).id];
    }
    const made =
      sources.length === 0
        ? pulumi.output(value)
        : sources.length === 1
          ? (sources[0] as pulumi.Output<unknown>).apply(() => value)
          : pulumi.all(sources).apply(() => value);
    return recorded.secret ? pulumi.secret(made) : made;
  };

  const decode = (value: Recorded): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(decode);
    const kind = value[TAG];
    const number = (key: string) => value[key] as number;
    switch (kind) {
      case undefined:
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
      case "undefined":
        return undefined;
      case "resource":
        return resource(number("index"));
      case "property":
        return (resource(number("resource")) as unknown as Record<string, unknown>)[
          value.key as string
        ];
      case "output":
        return memo(outputs, number("id"), () => ownOutput(number("id")));
      case "promise":
        return memo(promises, number("id"), () =>
          Promise.resolve(decode(recording.promises[number("id")] ?? null)),
        );
      case "hook":
        return memo(hooks, number("id"), () => {
          const hook = recording.hooks[number("id")];
          if (!hook) throw new Error(`replay: no hook ${number("id")}`);
          return new pulumi.ResourceHook(
            hook.name,
            noHook,
            decode(hook.opts) as pulumi.ResourceHookOptions,
          );
        });
      default:
        throw new Error(`replay: unknown tag ${String(kind)}`);
    }
  };

  const events = recording.events;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (!event) continue;
    if (event.kind === "resource") {
      const props = decode(event.props) as pulumi.Inputs;
      const opts = decode(event.opts) as pulumi.CustomResourceOptions;
      custom.push(event.custom);
      resources.push(
        event.custom
          ? new DirectCustomResource(event.type, event.name, props, opts)
          : new pulumi.ComponentResource(event.type, event.name, props, opts),
      );
    } else {
      const component = resource(event.component) as unknown as {
        registerOutputs(outputs: unknown): void;
      };
      component.registerOutputs(decode(event.outputs));
    }
    // The recording is not needed once replayed: let it go as the program's config would.
    events[i] = undefined as never;
  }
}
