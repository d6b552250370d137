import * as pulumi from "@pulumi/pulumi";

/**
 * Work the SDK does for the engine that an offline evaluation never reads, switched off for
 * the length of one evaluation (each returns what puts it back). Internal SDK members, hence
 * the casts.
 */

export type Restore = () => void;

/**
 * The SDK parses a full stack trace in every resource constructor for the source position it
 * sends the engine; the mock monitor drops it, so offline it is not taken (static method).
 */
export function skipSourcePositions(): Restore {
  const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
  const callsites = resource.callsites;
  resource.callsites = () => [];
  return () => (resource.callsites = callsites);
}

/** registerOutputs of the other component types only marks the component registered. */
export function keepComponentOutputsOf(types: readonly string[]): Restore {
  const prototype = pulumi.ComponentResource.prototype as unknown as {
    registerOutputs: (this: ComponentInternals, outputs?: unknown) => void;
  };
  const registerOutputs = prototype.registerOutputs;
  const kept = new Set(types);
  const filtered = function (this: ComponentInternals, outputs?: unknown) {
    if (kept.has(this.__pulumiType)) return registerOutputs.call(this, outputs);
    this.__registered = true; // what registerOutputs sets first; the SDK then never sends any
  };
  // Like the SDK's own, never serialized into a dynamic provider's closure.
  (filtered as { doNotCapture?: boolean }).doNotCapture = true;
  prototype.registerOutputs = filtered;
  return () => (prototype.registerOutputs = registerOutputs);
}

/** The SDK's internal fields of a component (resource.js). */
interface ComponentInternals {
  __pulumiType: string;
  __registered: boolean;
}
