import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ExperimentPermissionSpec } from "../config/model-spec";
import { dataResourceOptions, rejectProblems } from "./options";
import { COMPONENT_TYPES } from "../core/type-tokens";

export interface ExperimentSpaceArgs {
  /** Workspace folder created for the experiment (and kept on delete). */
  folder: string;
  /** The experiment's workspace path, inside the folder. */
  experimentName: string;
  /** Permission per principal; none declares no permissions. */
  permissions?: ExperimentPermissionSpec[];
  /** Id of an existing experiment at that path, to import instead of creating it. */
  adoptId?: string;
  /** Protect and retain the experiment (its runs are training history). */
  protectData?: boolean;
}

/** databricks.Permissions names each principal by kind: user, service principal or group. */
export function accessControlOf(
  permission: ExperimentPermissionSpec,
): databricks.types.input.PermissionsAccessControl {
  const { principal, level: permissionLevel } = permission;
  if (permission.kind === "user") return { userName: principal, permissionLevel };
  if (permission.kind === "servicePrincipal")
    return { servicePrincipalName: principal, permissionLevel };
  return { groupName: principal, permissionLevel };
}

/**
 * Where a model's training runs land in one stack: a workspace folder <root>/<model> and the
 * MLflow experiment <root>/<model>/training in it, with permissions. Training code points
 * `mlflow.set_experiment` at the exported path (or id).
 *
 * The folder is declared because MLflow refuses to create an experiment whose parent folder
 * is missing ("RESOURCE_DOES_NOT_EXIST: Parent directory ... does not exist",
 * databricks-demos/dbdemos#155); creating a folder that exists already succeeds (workspace
 * mkdirs). It is retained on delete: people keep notebooks next to their experiments.
 */
export class ExperimentSpace extends pulumi.ComponentResource {
  readonly experimentId: pulumi.Output<string>;
  readonly experimentPath: pulumi.Output<string>;

  constructor(name: string, args: ExperimentSpaceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.ExperimentSpace, name, {}, opts);
    if (!args.experimentName.startsWith(`${args.folder}/`))
      rejectProblems("ExperimentSpace", name, [
        `experimentName "${args.experimentName}" must be inside folder "${args.folder}"`,
      ]);
    const permissions = args.permissions ?? [];

    const folder = new databricks.Directory(
      `${name}-folder`,
      { path: args.folder },
      { parent: this, retainOnDelete: true },
    );

    // Runs are training history: in prod the experiment is protected and retained like tables.
    const options: pulumi.CustomResourceOptions = {
      parent: this,
      dependsOn: [folder],
      ...dataResourceOptions(args.protectData),
    };
    if (args.adoptId !== undefined) options.import = args.adoptId;
    const mlflowExperiment = new databricks.MlflowExperiment(
      name,
      { name: args.experimentName },
      options,
    );

    if (permissions.length > 0) {
      new databricks.Permissions(
        `${name}-permissions`,
        {
          experimentId: mlflowExperiment.id,
          accessControls: permissions.map(accessControlOf),
        },
        { parent: this },
      );
    }

    this.experimentId = mlflowExperiment.id;
    this.experimentPath = pulumi.output(args.experimentName);
    this.registerOutputs({ experimentId: this.experimentId, experimentPath: this.experimentPath });
  }
}
