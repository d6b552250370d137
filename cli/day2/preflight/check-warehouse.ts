import { fail, pass, unknown } from "./check-result";
import type { WorkspaceFacts } from "./facts";
import type { PreflightCheck } from "./output-schema";
import { principalsOf } from "./privilege-evaluation";

/**
 * warehouse: the stack's SQL warehouse exists, is not being deleted, and the identity may run
 * statements on it: CAN_USE, CAN_MANAGE or IS_OWNER (sql.py WarehousePermissionLevel; CAN_VIEW
 * and CAN_MONITOR may not run queries) for itself or one of its groups (admins manage every
 * warehouse). When the permission list is not readable (UNCONFIRMED who may read it), a
 * statement the preflight sends settles it (sql-probe.ts).
 */

const USE_LEVELS = ["CAN_USE", "CAN_MANAGE", "IS_OWNER"];

export function checkWarehouse(facts: WorkspaceFacts): PreflightCheck[] {
  const id = facts.warehouseId;
  const line = (detail: string) => ({
    check: "warehouse" as const,
    subject: `warehouse ${id}`,
    detail,
    source: "rest" as const,
  });
  const grant = `Grant ${facts.identity.userName} CAN_USE on the warehouse (SQL Warehouses → ${id} → Permissions).`;
  const info = facts.warehouse;
  if (info.kind === "missing") {
    return [
      fail(
        line("no such SQL warehouse in this workspace"),
        "Set model-monitoring:warehouseId (or --warehouse-id) to an existing warehouse.",
      ),
    ];
  }
  if (info.kind === "refused") return [fail(line(`cannot be read: ${info.message}`), grant)];
  const state = info.value.state ?? "UNKNOWN";
  const name = info.value.name === undefined ? "" : ` (${info.value.name})`;
  if (state === "DELETED" || state === "DELETING") {
    return [fail(line(`${state}${name}`), "Set model-monitoring:warehouseId to a live warehouse.")];
  }
  const stateText =
    state === "STOPPED" || state === "STOPPING"
      ? `${state}${name}: it starts on the first statement`
      : `${state}${name}`;

  const acl = facts.warehouseAcl;
  if (acl?.kind === "found") {
    const principals = principalsOf(facts.identity);
    for (const entry of acl.value.access_control_list ?? []) {
      const who = entry.user_name ?? entry.service_principal_name ?? entry.group_name ?? "";
      if (!principals.includes(who)) continue;
      const level = (entry.all_permissions ?? [])
        .map((p) => p.permission_level ?? "")
        .find((l) => USE_LEVELS.includes(l));
      if (level === undefined) continue;
      const via = who === facts.identity.userName ? "" : ` through group ${who}`;
      return [pass(line(`${stateText}; the identity holds ${level}${via}`))];
    }
    // A statement that ran proves more than the list shows (nested groups).
    const ran = facts.probe ?? facts.scriptProbe;
    if (ran !== undefined && ran.result.kind !== "refused") {
      return [
        pass({
          ...line(
            `${stateText}; not on its permission list, but it ran a statement of the identity`,
          ),
          source: "sql",
        }),
      ];
    }
    return [fail(line(`${stateText}; the identity holds no CAN_USE (nor its groups)`), grant)];
  }
  const probe = facts.probe ?? facts.scriptProbe;
  if (probe === undefined) {
    return [unknown(line(`${stateText}; its permissions cannot be read and no statement was run`))];
  }
  const sqlLine = { ...line(stateText), source: "sql" as const };
  if (probe.result.kind === "refused") {
    return [
      fail(
        { ...sqlLine, detail: `${stateText}; it refused a statement: ${probe.result.message}` },
        grant,
      ),
    ];
  }
  return [
    pass({
      ...sqlLine,
      detail: `${stateText}; it ran a statement of the identity (its permission list is not readable by it)`,
    }),
  ];
}
