import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { GrantSpec } from "../config/model-spec";
import { COMPONENT_TYPES } from "../core/type-tokens";
import { grantProblems, threeLevelNameProblems } from "./arg-checks";
import { rejectProblems } from "./options";

export interface RegisteredModelArgs {
  /** `catalog.schema.name`: the model the training registers versions into. */
  fullName: string;
  comment?: pulumi.Input<string>;
  /** Unset: the owner stays whoever created the model. */
  owner?: pulumi.Input<string>;
  /** Privileges per principal; none declares no grants. */
  grants?: GrantSpec[];
  /**
   * The grants are the model's whole access list: privileges of anyone not listed are revoked.
   * Off (the default): each listed principal gets exactly its privileges, others keep theirs.
   */
  authoritativeGrants?: boolean;
  /** The model exists already (created by training): import it instead of creating it. */
  adopt?: boolean;
  /** Protect the model (it is retained on delete either way). */
  protectData?: boolean;
}

/**
 * Options for the Unity Catalog registered model.
 * - retainOnDelete always: deleting a registered model deletes every version the training
 *   pipeline registered, so leaving the stack (or renaming the model in config) must not.
 * - protect where the stack protects data (prod).
 * - ignoreChanges on aliases: aliases are moved by MLflow (promotion), never by Pulumi; the
 *   bridged resource exposes `aliases` as an input, and whether an unset input would be
 *   reconciled away is UNCONFIRMED, so it is ignored outright. During an import, ignored
 *   properties are taken from the live model (pulumi developer docs, import.md).
 * - import when adopting: the id of a registered model is its full name (terraform provider,
 *   catalog/resource_registered_model.go sets d.SetId(model.FullName)).
 */
export function registeredModelOptions(
  args: Pick<RegisteredModelArgs, "fullName" | "adopt" | "protectData">,
): pulumi.CustomResourceOptions {
  const options: pulumi.CustomResourceOptions = {
    retainOnDelete: true,
    ignoreChanges: ["aliases"],
  };
  if (args.protectData === true) options.protect = true;
  if (args.adopt === true) options.import = args.fullName;
  return options;
}

/**
 * The registered model a model's training registers versions into, governed per stack:
 * comment, owner and who holds which privileges. The training code keeps creating versions
 * and moving aliases with MLflow; this component never touches versions or aliases.
 */
export class RegisteredModel extends pulumi.ComponentResource {
  readonly fullName: pulumi.Output<string>;
  readonly owner: pulumi.Output<string>;

  constructor(name: string, args: RegisteredModelArgs, opts?: pulumi.ComponentResourceOptions) {
    super(COMPONENT_TYPES.RegisteredModel, name, {}, opts);
    rejectProblems("RegisteredModel", name, [
      ...threeLevelNameProblems("fullName", args.fullName),
      ...grantProblems(args.grants ?? []),
    ]);
    const [catalog, schema, modelName] = args.fullName.split(".");
    const grants = args.grants ?? [];

    const registered = new databricks.RegisteredModel(
      name,
      {
        catalogName: catalog,
        schemaName: schema,
        name: modelName,
        comment: args.comment,
        // Unset: the owner stays whoever created the model (owner is optional and computed).
        owner: args.owner,
      },
      { parent: this, ...registeredModelOptions(args) },
    );

    // The model is named by its configured full name so the plan can show it; dependsOn keeps
    // the order (grants after the model exists and after an owner change).
    const grantOptions = { parent: this, dependsOn: [registered] };
    if (args.authoritativeGrants === true && grants.length > 0) {
      // Opted in: privileges granted by hand to anyone not listed are revoked.
      new databricks.Grants(
        `${name}-grants`,
        {
          model: args.fullName,
          grants: grants.map((grant) => ({
            principal: grant.principal,
            privileges: grant.privileges,
          })),
        },
        grantOptions,
      );
    } else {
      // The default: each listed principal gets exactly its privileges (the provider's
      // databricks_grant replaces that principal's privileges only); others are left alone.
      for (const grant of grants) {
        new databricks.Grant(
          `${name}-grant-${grant.principal}`,
          { model: args.fullName, principal: grant.principal, privileges: grant.privileges },
          grantOptions,
        );
      }
    }

    this.fullName = pulumi.output(args.fullName);
    this.owner = registered.owner;
    this.registerOutputs({ fullName: this.fullName, owner: this.owner });
  }
}
