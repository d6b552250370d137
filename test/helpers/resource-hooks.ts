import type { RecordedHook } from "../../cli/plan/mock-runtime";

// Generated gRPC stubs shipped with @pulumi/pulumi (no type declarations for them).
/* eslint-disable @typescript-eslint/no-explicit-any */
const grpc: any = require("@grpc/grpc-js");
const { CallbacksClient }: any = require("@pulumi/pulumi/proto/callback_grpc_pb");
const { CallbackInvokeRequest }: any = require("@pulumi/pulumi/proto/callback_pb");
const {
  ResourceHookRequest,
  ResourceHookResponse,
}: any = require("@pulumi/pulumi/proto/resource_pb");
const { Struct }: any = require("google-protobuf/google/protobuf/struct_pb");

export interface HookCall {
  urn: string;
  name: string;
  type: string;
  newInputs: Record<string, unknown>;
}

/**
 * Calls a resource hook the way the engine does before a create: a ResourceHookRequest over
 * gRPC to the program's callback server, with the token the hook was registered under.
 * Resolves to the error the hook reported, or undefined when it passed.
 */
export function callResourceHook(hook: RecordedHook, call: HookCall): Promise<string | undefined> {
  const request = new ResourceHookRequest();
  request.setUrn(call.urn);
  request.setId("");
  request.setName(call.name);
  request.setType(call.type);
  request.setNewInputs(Struct.fromJavaScript(call.newInputs));
  const invoke = new CallbackInvokeRequest();
  invoke.setToken(hook.token);
  invoke.setRequest(request.serializeBinary());
  const client = new CallbacksClient(hook.target, grpc.credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.invoke(invoke, (error: Error | null, response: any) => {
      client.close();
      if (error) return reject(error);
      const answer = ResourceHookResponse.deserializeBinary(response.getResponse_asU8());
      resolve(answer.getError() || undefined);
    });
  });
}
