import { DatabricksApiError, DatabricksConnectionError } from "../../../databricks-client/errors";
import type { ConnectionSettings } from "../../../databricks-client/connection-settings";
import { fatalProblem } from "../failures";
import type { WorkspaceReader } from "./workspace-reader";

/**
 * Who the credentials are: GET /api/2.0/preview/scim/v2/Me (`CurrentUserAPI.me`,
 * databricks-sdk-py iam.py), the first request of a run, so it also proves the host answers, its
 * TLS certificate is trusted and the credentials are accepted.
 *
 * A service principal answers as a user whose `userName` is its application id. Told apart as
 * the Terraform provider's databricks_current_user does (scim/data_current_user.go: a UUID
 * userName is a service principal), or by OAuth M2M credentials whose client id is that name.
 * Groups are the SCIM `groups` display names: privileges and warehouse access held through a
 * group count. UNCONFIRMED whether `groups` lists groups the principal belongs to only through
 * another group (nested): privileges held that way are not seen.
 */

export interface Identity {
  userName: string;
  kind: "user" | "service-principal";
  displayName: string | null;
  groups: string[];
}

export type IdentityLookup =
  | { kind: "known"; identity: Identity }
  /** The workspace refused or could not be reached for a reason a retry will not cure. */
  | { kind: "failed"; detail: string; fix: string };

interface ScimUser {
  userName?: string;
  displayName?: string;
  groups?: Array<{ display?: string }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Undefined when the run cannot conclude (a transient failure, kept in the reader). */
export async function readIdentity(
  reader: WorkspaceReader,
  settings: ConnectionSettings,
): Promise<IdentityLookup | undefined> {
  let me: ScimUser;
  try {
    me = await reader.get<ScimUser>("/api/2.0/preview/scim/v2/Me");
  } catch (error) {
    const failure = permanentFailure(error, settings);
    if (failure !== undefined) return failure;
    if (fatalProblem(error) === undefined) throw error;
    reader.unconcluded.push({ part: "who the credentials are (SCIM Me)", error });
    return undefined;
  }
  reader.concluded.push("who the credentials are");
  const userName = me.userName ?? "";
  const oauthClient = settings.auth.kind === "oauth-m2m" ? settings.auth.clientId : undefined;
  return {
    kind: "known",
    identity: {
      userName,
      kind: UUID.test(userName) || userName === oauthClient ? "service-principal" : "user",
      displayName: me.displayName ?? null,
      groups: (me.groups ?? [])
        .map((g) => g.display)
        .filter((g): g is string => typeof g === "string" && g !== "")
        .sort(),
    },
  };
}

/** Wrong host, untrusted certificate, refused credentials: what the user must fix first. */
function permanentFailure(
  error: unknown,
  settings: ConnectionSettings,
): IdentityLookup | undefined {
  if (error instanceof DatabricksConnectionError) {
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(error.code)) {
      return {
        kind: "failed",
        detail: `TLS: ${error.message}`,
        fix: "Trust the workspace's CA: set model-monitoring:caCertPath (a PEM file) or caCert.",
      };
    }
    if (error.code === "ENOTFOUND") {
      return {
        kind: "failed",
        detail: `host not found: ${error.message}`,
        fix: `Check the workspace URL (from ${settings.sources.host}).`,
      };
    }
    return undefined;
  }
  if (error instanceof DatabricksApiError && (error.status === 401 || error.status === 403)) {
    return {
      kind: "failed",
      detail: `credentials refused: ${error.message}`,
      fix:
        `Check the credentials (from ${settings.sources.auth}): a valid token, or OAuth client id ` +
        "and secret of a service principal that belongs to this workspace.",
    };
  }
  return undefined;
}
