/**
 * A value shared by everything in one process, kept on `globalThis` under
 * `Symbol.for("model-monitoring.<name>")` and made by `create` on first use.
 *
 * Why not a module variable: a dynamic provider's code can be loaded more than once in one
 * process (the serialized shell loads the implementation by path, a test loads it again through
 * Jest), and every copy must find the same clients, sessions and configuration. And whatever a
 * serialized provider method reaches through a module variable is serialized into the state with
 * it; a registry on globalThis is never captured, so no live client or credential can be.
 */
export function processRegistry<T>(name: string, create: () => T): T {
  const key = Symbol.for(`model-monitoring.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  let value = holder[key];
  if (value === undefined) {
    value = create();
    holder[key] = value;
  }
  return value;
}
