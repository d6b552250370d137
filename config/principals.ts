/**
 * Principals as Databricks names them: a user by email, a service principal by its
 * application id (a UUID), a group by its display name. Unity Catalog grants take any of the
 * three as one string; workspace permissions (experiments) need to be told which kind it is,
 * so the kind is derived from the form.
 */

export type PrincipalKind = "user" | "servicePrincipal" | "group";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Group display names seen in practice ("Data Engineers", "ml-platform", "account users"). */
const GROUP = /^[A-Za-z0-9][A-Za-z0-9 ._+()&-]{0,254}$/;

export const PRINCIPAL_FORMS =
  "a user email, a service principal application id (UUID) or a group name (letters, digits, spaces and . _ - + ( ) &)";

export function principalKind(principal: string): PrincipalKind {
  if (principal.includes("@")) return "user";
  if (UUID.test(principal)) return "servicePrincipal";
  return "group";
}

/** Why a principal is not acceptable, or undefined when it is. */
export function principalProblem(principal: string): string | undefined {
  if (principal.trim() !== principal || principal === "") {
    return `must be ${PRINCIPAL_FORMS}, without leading or trailing spaces`;
  }
  if (principal.includes("@")) {
    return EMAIL.test(principal)
      ? undefined
      : "looks like a user but is not an email address like name@example.com";
  }
  if (UUID.test(principal) || GROUP.test(principal)) return undefined;
  return `must be ${PRINCIPAL_FORMS}`;
}
