/* eslint-disable @typescript-eslint/no-explicit-any */
// Generated gRPC stubs shipped with @pulumi/pulumi (no type declarations for them).
const grpc: any = require("@grpc/grpc-js");
const engineGrpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
const engineProto: any = require("@pulumi/pulumi/proto/engine_pb");
const { Empty }: any = require("google-protobuf/google/protobuf/empty_pb");

/**
 * The part of the Pulumi engine a provider plugin may call back: the Engine gRPC service
 * (Log, root resource, debugging, version check). The engine starts every plugin with its
 * address; whatever a provider logs through it is kept here, so tests can read it.
 */
export interface EngineStandIn {
  /** "127.0.0.1:<port>", the plugin's first argument. */
  address: string;
  /** Every Log message, as "<severity> <urn>: <message>". */
  logs: string[];
  close(): Promise<void>;
}

const SEVERITY = ["debug", "info", "warning", "error"];

export async function startEngineStandIn(): Promise<EngineStandIn> {
  const logs: string[] = [];
  let root = "";
  const server = new grpc.Server();
  server.addService(engineGrpc.EngineService, {
    log(call: any, callback: any) {
      const request = call.request;
      logs.push(
        `${SEVERITY[request.getSeverity()] ?? "info"} ${request.getUrn()}: ${request.getMessage()}`,
      );
      callback(null, new Empty());
    },
    getRootResource(_call: any, callback: any) {
      const response = new engineProto.GetRootResourceResponse();
      response.setUrn(root);
      callback(null, response);
    },
    setRootResource(call: any, callback: any) {
      root = call.request.getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
    startDebugging(_call: any, callback: any) {
      callback(null, new Empty());
    },
    requirePulumiVersion(_call: any, callback: any) {
      callback(null, new engineProto.RequirePulumiVersionResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      "127.0.0.1:0",
      grpc.ServerCredentials.createInsecure(),
      (error: Error | null, bound: number) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
