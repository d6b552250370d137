import { z } from "zod";
import { identifier } from "./primitives";
import { principalProblem } from "../principals";

/**
 * Governance around a model: its Unity Catalog registered model (owner, comment, grants,
 * adoption) and the MLflow experiment its training runs log to. The model file, the stack
 * and the stack's per-model override may all give these; mappings keyed by principal merge
 * principal by principal across those layers, so a stack can add a group to what a model
 * file grants, or drop one with an empty list.
 */

/**
 * Privileges Unity Catalog accepts on a registered model. The first four are listed for
 * `model` in the provider's Grants docs (@pulumi/databricks 1.110.0, grants.d.ts).
 * CREATE_MODEL_VERSION is documented by Databricks ("Upgrade ML workflows to target models in
 * Unity Catalog": create a version as owner or with CREATE MODEL VERSION) but not yet in the
 * provider docs. UNCONFIRMED that every workspace accepts it.
 */
export const REGISTERED_MODEL_PRIVILEGES = [
  "ALL_PRIVILEGES",
  "APPLY_TAG",
  "CREATE_MODEL_VERSION",
  "EXECUTE",
  "MANAGE",
] as const;

/** Permission levels of an MLflow experiment (provider docs for databricks.Permissions). */
export const EXPERIMENT_PERMISSION_LEVELS = ["CAN_READ", "CAN_EDIT", "CAN_MANAGE"] as const;

export type RegisteredModelPrivilege = (typeof REGISTERED_MODEL_PRIVILEGES)[number];
export type ExperimentPermissionLevel = (typeof EXPERIMENT_PERMISSION_LEVELS)[number];

/**
 * Alias names MLflow accepts (mlflow/utils/validation.py: letters, digits, _ and -, at most
 * 255, not "latest", not v<digits>), narrowed to Unity Catalog identifiers because UC is
 * where these aliases live. UNCONFIRMED whether UC would also take "-".
 */
export const aliasName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
    "must be an alias name: a letter or _ followed by letters, digits or _ (e.g. champion)",
  )
  .refine((value) => value.toLowerCase() !== "latest", {
    message: 'must not be "latest": MLflow reserves it',
  })
  .refine((value) => !/^[vV][0-9]+$/.test(value), {
    message: "must not look like a version reference (v<digits>): MLflow reserves those",
  });

/** A user (email), service principal (application id) or group (display name). */
export const principal = z.string().superRefine((value, ctx) => {
  const problem = principalProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/**
 * A mapping keyed by principal. Keys are checked here rather than with a zod key schema so
 * that the message names the principal and says what a principal may look like; the problem
 * is reported on the mapping, whose path the principal would only make ambiguous (emails
 * contain dots).
 */
function byPrincipal<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((mapping, ctx) => {
    for (const key of Object.keys(mapping)) {
      const problem = principalProblem(key);
      if (problem) ctx.addIssue({ code: "custom", message: `principal "${key}" ${problem}` });
    }
  });
}

const privileges = z
  .array(z.enum(REGISTERED_MODEL_PRIVILEGES))
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    for (const privilege of list) {
      if (seen.has(privilege))
        ctx.addIssue({ code: "custom", message: `lists ${privilege} twice` });
      seen.add(privilege);
    }
    if (list.includes("ALL_PRIVILEGES") && list.length > 1) {
      ctx.addIssue({
        code: "custom",
        message: "ALL_PRIVILEGES already includes every other privilege; give it alone",
      });
    }
  })
  .describe(
    "Privileges on the registered model; [] removes a principal granted by an earlier layer",
  );

/**
 * Experiment folders: a workspace path under /Shared or /Users/<user>. The /Workspace prefix
 * is refused because MLflow clients fail to look up experiments named with it
 * (mlflow/mlflow#11077).
 */
export const experimentRoot = z
  .string()
  .regex(
    /^\/(Shared|Users\/[^/\s]+)(\/[^/\s](?:[^/\n\r\t]*[^/\s])?)*$/,
    "must be a workspace folder under /Shared or /Users/<user>, without /Workspace and without a trailing /",
  );

export const registeredModelSettings = z
  .object({
    manage: z
      .boolean()
      .optional()
      .describe(
        "Manage the registered model and its grants in this stack (default true); false when another stack governs a shared model",
      ),
    catalog: identifier
      .optional()
      .describe(
        "Catalog that holds this stack's copy of the model; replaces the catalog of registeredModel",
      ),
    comment: z
      .string()
      .min(1)
      .max(65536)
      .optional()
      .describe("Comment on the registered model; default: the model's description"),
    owner: principal
      .optional()
      .describe("Owner: a group holding the principal that registers versions and moves aliases"),
    adopt: z
      .boolean()
      .optional()
      .describe(
        "The model exists already (created by training): import it instead of creating it (default false)",
      ),
    authoritativeGrants: z
      .boolean()
      .optional()
      .describe(
        "Make grants authoritative: every principal not listed in grants loses its privileges on the model (default false: each listed principal gets exactly its privileges, others are left alone)",
      ),
    grants: byPrincipal(privileges)
      .optional()
      .describe(
        "Privileges per principal; only these principals are managed unless authoritativeGrants is true",
      ),
  })
  .strict();

export const experimentSettings = z
  .object({
    root: experimentRoot
      .optional()
      .describe(
        "Folder for experiments; each model gets <root>/<model>/training (default /Shared/model-monitoring/<stack>/experiments)",
      ),
    adoptId: z
      .string()
      .regex(/^[0-9]{1,20}$/, "must be an MLflow experiment id: digits only")
      .optional()
      .describe("Id of an existing experiment at the same path to import instead of creating it"),
    permissions: byPrincipal(z.enum(EXPERIMENT_PERMISSION_LEVELS))
      .optional()
      .describe("Permission level per principal on the experiment"),
  })
  .strict();

export const governanceSettings = z
  .object({
    registeredModel: registeredModelSettings.optional(),
    experiment: experimentSettings.optional(),
  })
  .strict();
