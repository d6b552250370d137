import { PROVIDER_READ_BACK, type ReadBackFact } from "./provider-read-back";

/** What the check needs of a planned resource (cli/plan PlannedResource fits). */
export interface ReadBackSubject {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  options: { replaceOnChanges?: string[]; ignoreChanges?: string[] };
}

/** The values at a path; `[]` steps into every item of a list. Absent values are left out. */
export function valuesAt(inputs: unknown, path: string): unknown[] {
  let current: unknown[] = [inputs];
  for (const step of path.split(".")) {
    const each = step.endsWith("[]");
    const key = each ? step.slice(0, -2) : step;
    current = current.flatMap((value) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
      const found = (value as Record<string, unknown>)[key];
      if (found === undefined || found === null) return [];
      return each ? (Array.isArray(found) ? found : []) : [found];
    });
  }
  return current;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function factViolation(subject: ReadBackSubject, fact: ReadBackFact): string | undefined {
  const where = `${subject.name} (${subject.type}) ${fact.path}`;
  const replaced = subject.options.replaceOnChanges ?? [];
  const ignored = subject.options.ignoreChanges ?? [];
  switch (fact.kind) {
    case "omitWhenDefault":
      return valuesAt(subject.inputs, fact.path).some((v) => same(v, fact.default))
        ? `${where}: sends ${JSON.stringify(fact.default)}, which the provider does not read back (${fact.source})`
        : undefined;
    case "lowercaseReadBack":
      return valuesAt(subject.inputs, fact.path).some(
        (v) => typeof v === "string" && v !== v.toLowerCase(),
      )
        ? `${where}: not lower case, but read back in lower case (${fact.source})`
        : undefined;
    case "createOnly":
      if (fact.handling === "ignoreChanges" && !ignored.includes(fact.path))
        return `${where}: create-only, so it must be in ignoreChanges (${fact.source})`;
      if (fact.handling === "ignoreChanges" && replaced.includes(fact.path))
        return `${where}: create-only and ignored, so it must not be in replaceOnChanges`;
      if (fact.handling === "replaceOnChanges" && !replaced.includes(fact.path))
        return `${where}: create-only, so it must be in replaceOnChanges (${fact.source})`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Every way a planned resource sends a field against what the provider reads back: a default
 * it drops, a name in a case it changes, a create-only field not declared as such, and any
 * replaceOnChanges field the registry does not list as create-only and reliably read back.
 */
export function readBackViolations(subject: ReadBackSubject): string[] {
  const facts = PROVIDER_READ_BACK[subject.type]?.facts ?? [];
  const violations = facts
    .map((fact) => factViolation(subject, fact))
    .filter((v): v is string => v !== undefined);
  for (const path of subject.options.replaceOnChanges ?? []) {
    const mine = facts.filter((f) => f.path === path);
    if (!mine.some((f) => f.kind === "createOnly" && f.handling === "replaceOnChanges"))
      violations.push(
        `${subject.name} (${subject.type}) replaceOnChanges ${path}: not listed as create-only in components/provider-read-back.ts`,
      );
    if (mine.some((f) => f.kind === "omitWhenDefault"))
      violations.push(
        `${subject.name} (${subject.type}) replaceOnChanges ${path}: not read back when default, so a refresh would replace`,
      );
  }
  return violations;
}
