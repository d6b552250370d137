import type * as pulumi from "@pulumi/pulumi";
import { loadProjectModule } from "../project-module";

/**
 * What a provider's `*-impl.ts` module exports as `implementation`: the provider methods, with
 * the provider object (which keys its configuration) passed explicitly where a method needs the
 * workspace.
 */
export interface ProviderImplementation<Inputs, Outputs> {
  configure(provider: object, req: pulumi.dynamic.ConfigureRequest): void;
  check(news: Record<string, unknown>): pulumi.dynamic.CheckResult<Inputs>;
  diff(id: string, olds: Outputs, news: Inputs): pulumi.dynamic.DiffResult;
  create(provider: object, inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>>;
  read(provider: object, id: string, props: Outputs): Promise<pulumi.dynamic.ReadResult<Outputs>>;
  update(
    provider: object,
    id: string,
    olds: Outputs,
    news: Inputs,
  ): Promise<pulumi.dynamic.UpdateResult<Outputs>>;
  delete(provider: object, id: string, props: Outputs): Promise<void>;
}

/**
 * The provider object Pulumi serializes into the state: a shell whose methods load the
 * implementation by path (`implementationPath`, from the project root) on each call, so the
 * serialized text is a few lines and the code that runs is the checked-out code. Create one per
 * resource type, at module level (Pulumi serializes each provider object once per run).
 */
export function delegatingProvider<Inputs, Outputs>(
  implementationPath: string,
): pulumi.dynamic.ResourceProvider<Inputs, Outputs> {
  const impl = () =>
    (
      loadProjectModule(implementationPath) as {
        implementation: ProviderImplementation<Inputs, Outputs>;
      }
    ).implementation;
  return {
    async configure(req) {
      impl().configure(this, req);
    },
    async check(_olds, news) {
      return impl().check(news as unknown as Record<string, unknown>);
    },
    async diff(id, olds, news) {
      return impl().diff(id, olds, news);
    },
    async create(inputs) {
      return impl().create(this, inputs);
    },
    async read(id, props) {
      return impl().read(this, id, props as Outputs);
    },
    async update(id, olds, news) {
      return impl().update(this, id, olds, news);
    },
    async delete(id, props) {
      return impl().delete(this, id, props);
    },
  };
}
