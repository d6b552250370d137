/* eslint-disable @typescript-eslint/no-explicit-any */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import { startEngineStandIn, type EngineStandIn } from "./engine";

// Generated gRPC stubs shipped with @pulumi/pulumi (no type declarations for them).
const grpc: any = require("@grpc/grpc-js");
const providerGrpc: any = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerProto: any = require("@pulumi/pulumi/proto/provider_pb");
const { Struct }: any = require("google-protobuf/google/protobuf/struct_pb");
const { Empty }: any = require("google-protobuf/google/protobuf/empty_pb");

/**
 * Pulumi's own dynamic-provider host, as the engine runs it: the `pulumi-resource-pulumi-nodejs`
 * plugin script of the installed @pulumi/pulumi, started in the project directory with the
 * engine's address, printing the port of its ResourceProvider gRPC server. This module plays
 * the engine's side of that conversation (Configure, Check, Diff, Create, Read, Update,
 * Delete); the host deserializes each resource's `__provider` and calls it, as in
 * `pulumi up`, `pulumi refresh` and `pulumi destroy`.
 */

export type Props = Record<string, unknown>;

/** Pulumi's wire form of a secret value (sdk/nodejs/runtime/rpc.ts, specialSecretSig). */
export function secretValue(value: string): Props {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** A failed RPC: what the engine would print (`message`), and the gRPC status code. */
export class ProviderCallError extends Error {
  constructor(
    readonly method: string,
    readonly urn: string,
    readonly code: number,
    message: string,
    /** Set for a partial create/update (ErrorResourceInitFailed in the status details). */
    readonly initFailed: boolean,
  ) {
    super(message);
    this.name = "ProviderCallError";
  }
}

export interface ProviderHost {
  engine: EngineStandIn;
  /** The host's @pulumi/pulumi version (GetPluginInfo). */
  version: string;
  /** Everything the host process wrote to stdout and stderr so far. */
  output(): string;
  configure(config: Props): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: string[] }>;
  diff(
    id: string,
    urn: string,
    olds: Props,
    news: Props,
  ): Promise<{ changes: "none" | "some" | "unknown"; replaces: string[] }>;
  create(urn: string, properties: Props): Promise<{ id: string; properties: Props }>;
  read(
    id: string,
    urn: string,
    properties: Props,
    inputs: Props,
  ): Promise<{ id: string; properties: Props; inputs: Props }>;
  update(id: string, urn: string, olds: Props, news: Props): Promise<{ properties: Props }>;
  delete(id: string, urn: string, properties: Props): Promise<void>;
  /** Stops the host (and its engine stand-in). */
  close(): Promise<void>;
}

/** The plugin script the engine finds on PATH for `pulumi-nodejs` resources. */
function pluginScript(projectRoot: string): string {
  return path.join(
    projectRoot,
    "node_modules",
    "@pulumi",
    "pulumi",
    "pulumi-resource-pulumi-nodejs",
  );
}

/**
 * Starts a host for one engine operation. `env` is the plugin's environment: no DATABRICKS_*
 * variable of the test process leaks into it unless given.
 */
export async function startProviderHost(
  projectRoot: string,
  env: Record<string, string> = {},
): Promise<ProviderHost> {
  const engine = await startEngineStandIn();
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !key.startsWith("DATABRICKS_") && !key.startsWith("JEST") && key !== "NODE_OPTIONS",
    ),
  ) as Record<string, string>;
  const child: ChildProcess = spawn(pluginScript(projectRoot), [engine.address], {
    cwd: projectRoot,
    env: { ...inherited, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // The script starts node as its child: a group lets close() end both.
    detached: true,
  });
  let output = "";
  child.stderr?.on("data", (chunk) => (output += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += String(chunk);
      output += String(chunk);
      const line = /^(\d+)\s*$/m.exec(stdout);
      if (line) resolve(Number(line[1]));
    });
    child.once("exit", (code) => reject(new Error(`provider host exited with ${code}: ${output}`)));
    child.once("error", reject);
  });
  const client = new providerGrpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );

  const call = <T>(method: string, urn: string, request: unknown): Promise<T> =>
    new Promise((resolve, reject) =>
      client[method](request, (error: any, response: T) => {
        if (!error) return resolve(response);
        const initFailed = Boolean(error.metadata?.get("grpc-status-details-bin")?.length);
        reject(
          new ProviderCallError(
            method,
            urn,
            error.code,
            error.details ?? error.message,
            initFailed,
          ),
        );
      }),
    );
  const struct = (value: Props) => Struct.fromJavaScript(value);
  // The engine's first question to any plugin.
  const info: any = await call("getPluginInfo", "", new Empty());

  return {
    engine,
    version: info.getVersion(),
    output: () => output,
    async configure(config) {
      const request = new providerProto.ConfigureRequest();
      request.setArgs(struct(config));
      request.setAcceptsecrets(true);
      request.setAcceptresources(true);
      await call("configure", "", request);
    },
    async check(urn, olds, news) {
      const request = new providerProto.CheckRequest();
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("check", urn, request);
      return {
        inputs: response.getInputs().toJavaScript(),
        failures: response
          .getFailuresList()
          .map((f: any) => `${f.getProperty()}: ${f.getReason()}`),
      };
    },
    async diff(id, urn, olds, news) {
      const request = new providerProto.DiffRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("diff", urn, request);
      const changes = ["unknown", "none", "some"][response.getChanges()] as
        "none" | "some" | "unknown";
      return { changes, replaces: response.getReplacesList() };
    },
    async create(urn, properties) {
      const request = new providerProto.CreateRequest();
      request.setUrn(urn);
      request.setProperties(struct(properties));
      const response: any = await call("create", urn, request);
      return { id: response.getId(), properties: response.getProperties().toJavaScript() };
    },
    async read(id, urn, properties, inputs) {
      const request = new providerProto.ReadRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setProperties(struct(properties));
      request.setInputs(struct(inputs));
      const response: any = await call("read", urn, request);
      return {
        id: response.getId(),
        properties: response.getProperties()?.toJavaScript() ?? {},
        inputs: response.getInputs()?.toJavaScript() ?? {},
      };
    },
    async update(id, urn, olds, news) {
      const request = new providerProto.UpdateRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setOlds(struct(olds));
      request.setNews(struct(news));
      const response: any = await call("update", urn, request);
      return { properties: response.getProperties().toJavaScript() };
    },
    async delete(id, urn, properties) {
      const request = new providerProto.DeleteRequest();
      request.setId(id);
      request.setUrn(urn);
      request.setProperties(struct(properties));
      await call("delete", urn, request);
    },
    async close() {
      client.close();
      if (child.exitCode === null && child.pid !== undefined) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid, "SIGTERM");
        await exited;
      }
      await engine.close();
    },
  };
}
