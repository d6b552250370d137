/**
 * The error a provider's create (or update) throws when it fails after changing something in
 * the workspace. The dynamic-provider host sees `id` and reports a partial create
 * ("resource initialization failed"): the engine records the resource with that id and these
 * properties instead of forgetting it, and the next `pulumi up` updates it rather than
 * creating a second one.
 */
export class PartialCreateError extends Error {
  readonly reasons: string[];

  constructor(
    cause: unknown,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    const message = cause instanceof Error ? cause.message : String(cause);
    super(message);
    // Pulumi's serialized form of this class does not set it through super (see
    // SERIALIZED_ERRORS in databricks-client/errors.ts).
    this.message = message;
    this.name = "PartialCreateError";
    this.reasons = [message];
  }
}
