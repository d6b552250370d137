import * as databricks from "@pulumi/databricks";
import * as pulumi from "@pulumi/pulumi";
import type { ModelSpec } from "../config/model-spec";
import { COMPONENT_TYPES } from "../core/type-tokens";

export interface RegisteredModelArgs {
  spec: ModelSpec;
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
export function registeredModelOptions(spec: ModelSpec): pulumi.CustomResourceOptions {
  const options: pulumi.CustomResourceOptions = {
    retainOnDelete: true,
    ignoreChanges: ["aliases"],
  };
  if (spec.protectData) options.protect = true;
  if (spec.governance.registeredModel.adopt) options.import = spec.registeredModel;
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
    const { spec } = args;
    const model = spec.governance.registeredModel;

    const registered = new databricks.RegisteredModel(
      name,
      {
        catalogName: model.catalog,
        schemaName: model.schema,
        name: model.name,
        comment: model.comment,
        // Unset: the owner stays whoever created the model (owner is optional and computed).
        owner: model.owner,
      },
      { parent: this, ...registeredModelOptions(spec) },
    );

    // The model is named by its configured full name so the plan can show it; dependsOn keeps
    // the order (grants after the model exists and after an owner change).
    const grantOptions = { parent: this, dependsOn: [registered] };
    if (model.authoritativeGrants && model.grants.length > 0) {
      // Opted in: privileges granted by hand to anyone not listed are revoked.
      new databricks.Grants(
        `${name}-grants`,
        {
          model: spec.registeredModel,
          grants: model.grants.map((grant) => ({
            principal: grant.principal,
            privileges: grant.privileges,
          })),
        },
        grantOptions,
      );
    } else {
      // The default: each listed principal gets exactly its privileges (the provider's
      // databricks_grant replaces that principal's privileges only); others are left alone.
      for (const grant of model.grants) {
        new databricks.Grant(
          `${name}-grant-${grant.principal}`,
          { model: spec.registeredModel, principal: grant.principal, privileges: grant.privileges },
          grantOptions,
        );
      }
    }

    this.fullName = pulumi.output(spec.registeredModel);
    this.owner = registered.owner;
    this.registerOutputs({ fullName: this.fullName, owner: this.owner });
  }
}
