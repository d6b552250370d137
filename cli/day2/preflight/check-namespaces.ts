import type { ModelSpec } from "../../../config/model-spec";
import { fail, pass, unknown } from "./check-result";
import { catalogState, schemaState, type WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";
import { catalogScope } from "./read-catalog";

/**
 * namespace: the catalogs and schemas the stack's models name exist (the stack's catalog with
 * its inference and monitoring schemas, and those of registered models, labels and baseline
 * tables). `pulumi up` creates neither: a metastore admin or the catalog's owner does, once.
 */
export function checkNamespaces(
  facts: WorkspaceFacts,
  specs: readonly ModelSpec[],
): PreflightCheck[] {
  const scope = catalogScope(specs);
  const lines: PreflightCheck[] = [];
  for (const catalog of scope.catalogs) {
    const state = catalogState(facts, catalog);
    const line = {
      check: "namespace" as const,
      subject: `catalog ${catalog}`,
      source: "rest" as const,
    };
    if (state.kind === "found") {
      lines.push(pass({ ...line, detail: `exists (owner ${state.object.owner ?? "unknown"})` }));
    } else if (state.kind === "missing") {
      lines.push(
        fail(
          { ...line, detail: "does not exist" },
          `Create it (a metastore admin): CREATE CATALOG \`${catalog}\`, or fix the catalog setting.`,
        ),
      );
    } else {
      lines.push(unknown({ ...line, detail: `cannot be read: ${state.message}` }));
    }
  }
  for (const schema of scope.schemas) {
    const state = schemaState(facts, schema);
    const line = {
      check: "namespace" as const,
      subject: `schema ${schema}`,
      source: "rest" as const,
    };
    const [catalog] = schema.split(".");
    if (state.kind === "found") {
      lines.push(pass({ ...line, detail: `exists (owner ${state.object.owner ?? "unknown"})` }));
    } else if (state.kind === "missing") {
      const catalogMissing = catalogState(facts, catalog ?? "").kind === "missing";
      lines.push(
        fail(
          {
            ...line,
            detail: catalogMissing ? "does not exist (nor its catalog)" : "does not exist",
          },
          `Create it (the catalog's owner or a metastore admin): CREATE SCHEMA \`${catalog}\`.\`${schema.slice((catalog ?? "").length + 1)}\`, or fix the setting that names it.`,
        ),
      );
    } else {
      lines.push(unknown({ ...line, detail: `cannot be read: ${state.message}` }));
    }
  }
  return lines;
}
