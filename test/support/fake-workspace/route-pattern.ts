/**
 * Path patterns shared by the router, the fault injector and the request log.
 *
 * A pattern is a path whose segments may be `{name}` (one segment, captured), `*` (one segment)
 * or a trailing `**` (any rest, including nothing). Segments are compared after URL-decoding,
 * so `/tables/{full_name}` matches `/tables/main.default.t%20x` with full_name = "main.default.t x".
 */
export type PathPattern = string | RegExp;

export interface PathMatch {
  params: Record<string, string>;
}

type Segment =
  | { kind: "literal"; text: string }
  | { kind: "param"; name: string }
  | { kind: "any" }
  | { kind: "rest" };

function compile(pattern: string): Segment[] {
  return splitPath(pattern).map((text, index, all): Segment => {
    if (text === "**") {
      if (index !== all.length - 1) throw new Error(`"**" must be last in ${pattern}`);
      return { kind: "rest" };
    }
    if (text === "*") return { kind: "any" };
    const param = /^\{(\w+)\}$/.exec(text);
    if (param?.[1] != null) return { kind: "param", name: param[1] };
    return { kind: "literal", text };
  });
}

function splitPath(path: string): string[] {
  return path.split("/").slice(1);
}

/** Decoded path segments, or undefined when a segment is not valid percent-encoding. */
export function decodeSegments(path: string): string[] | undefined {
  try {
    return splitPath(path).map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

const compiled = new Map<string, Segment[]>();

export function matchPath(pattern: PathPattern, path: string): PathMatch | undefined {
  if (pattern instanceof RegExp) return pattern.test(path) ? { params: {} } : undefined;
  let segments = compiled.get(pattern);
  if (segments === undefined) {
    segments = compile(pattern);
    compiled.set(pattern, segments);
  }
  const actual = decodeSegments(path);
  if (actual === undefined) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as Segment;
    if (segment.kind === "rest") return { params };
    const value = actual[i];
    if (value === undefined) return undefined;
    if (segment.kind === "literal" && segment.text !== value) return undefined;
    if (segment.kind === "param") {
      if (value === "") return undefined;
      params[segment.name] = value;
    }
  }
  return actual.length === segments.length ? { params } : undefined;
}

/** Case-insensitive method comparison; an absent expected method matches any. */
export function methodMatches(expected: string | undefined, actual: string): boolean {
  return expected === undefined || expected.toUpperCase() === actual.toUpperCase();
}
