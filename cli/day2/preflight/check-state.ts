import type { ModelSpec } from "../../../config/model-spec";
import { formatTableName } from "../../../core/names";
import { fail, pass, skipped, warn } from "./check-result";
import {
  endpointState,
  lower,
  registeredModelState,
  tableState,
  type WorkspaceFacts,
} from "./facts";
import type { PreflightCheck } from "./output-schema";
import { parsed } from "./read-catalog";
import type { StackState } from "./state-file";

/**
 * state (with --state): what exists in the workspace but not in the stack's state, which an
 * `up` would try to create. A processed table: the create guard refuses (table-create-guard.ts)
 * unless it is adopted; without the guard the provider's CREATE OR REPLACE would empty it. An
 * endpoint or a governed registered model: the create fails with "already exists". A managed
 * table that is gone from the workspace is recreated empty.
 */
export function checkState(
  facts: WorkspaceFacts,
  spec: ModelSpec,
  state: StackState | undefined,
): PreflightCheck[] {
  if (state === undefined) return [];
  const source = "state" as const;
  const lines: PreflightCheck[] = [];

  const table = spec.inference.processedTable;
  const tableName = formatTableName(table);
  const inState = state.tables.has(lower(tableName));
  const exists = ["found", "invisible"].includes(tableState(facts, table).kind);
  const tableLine = (detail: string) => ({
    check: "state" as const,
    model: spec.name,
    subject: `table ${tableName}`,
    detail,
    source,
  });
  if (exists && !inState) {
    lines.push(
      spec.inference.adoptProcessedTable
        ? pass(
            tableLine(
              "exists outside the state: pulumi up adopts it (inference.adoptProcessedTable)",
            ),
          )
        : fail(
            tableLine(
              "exists, but the stack's state does not hold it: pulumi up refuses to create it over the table",
            ),
            `Keep its data: set inference.adoptProcessedTable: true for ${spec.name}. Or give the resource an alias if it was renamed, or drop the table to start empty.`,
          ),
    );
  } else if (!exists && inState) {
    lines.push(
      warn(
        tableLine(
          "in the state, but gone from the workspace: pulumi up --refresh recreates it empty",
        ),
      ),
    );
  } else {
    lines.push(
      pass(
        tableLine(exists ? "exists and the state holds it" : "neither exists nor is in the state"),
      ),
    );
  }

  const endpoint = spec.endpoint.name;
  const endpointLine = (detail: string) => ({
    check: "state" as const,
    model: spec.name,
    subject: `endpoint ${endpoint}`,
    detail,
    source,
  });
  if (facts.endpoints.kind === "found") {
    const outside =
      endpointState(facts, endpoint) !== undefined && !state.endpoints.has(lower(endpoint));
    lines.push(
      outside
        ? fail(
            endpointLine(
              "exists, but the stack's state does not hold it: creating it fails (already exists)",
            ),
            `Import it into the stack (pulumi import databricks:index/modelServing:ModelServing <name> ${endpoint}), or choose another endpointName.`,
          )
        : pass(endpointLine("nothing outside the state")),
    );
  }

  const governance = spec.governance.registeredModel;
  const name = parsed(spec.registeredModel);
  if (governance.manage && name !== undefined) {
    const modelLine = (detail: string) => ({
      check: "state" as const,
      model: spec.name,
      subject: `registered model ${spec.registeredModel}`,
      detail,
      source,
    });
    const modelExists = registeredModelState(facts, name).kind === "found";
    const outside = modelExists && !state.registeredModels.has(lower(spec.registeredModel));
    if (!outside) lines.push(pass(modelLine("nothing outside the state")));
    else if (governance.adopt)
      lines.push(
        pass(modelLine("exists outside the state: pulumi up adopts it (governance adopt)")),
      );
    else {
      lines.push(
        fail(
          modelLine(
            "exists (training registered it), but the stack's state does not hold it: creating it fails",
          ),
          `Set governance.registeredModel.adopt: true for ${spec.name}, or manage: false if another stack governs it.`,
        ),
      );
    }
  }
  return lines;
}

/** The one line saying the state check did not run. */
export function stateNotGiven(): PreflightCheck {
  return skipped({
    check: "state",
    subject: "the stack's state",
    detail: "not checked: pass --state <file> from `pulumi stack export --file <file>`",
    source: "state",
  });
}
