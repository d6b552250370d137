import { mapOf, message, OPAQUE, VALUE, variant } from "./shape";

/**
 * Serving endpoint messages: field names from databricks-sdk-py `databricks/sdk/service/serving.py`
 * (the dataclass of each name below, and the keyword arguments of `ServingEndpointsAPI` methods for
 * request bodies). Messages the project never sends (external and foundation models, telemetry,
 * data-plane info) are OPAQUE.
 */
const sdk = (name: string): string => `databricks-sdk-py serving.py ${name}`;

const endpointTag = message(sdk("EndpointTag"), { key: VALUE, value: VALUE }, ["key"]);

const autoCaptureInput = message(sdk("AutoCaptureConfigInput"), {
  catalog_name: VALUE,
  enabled: VALUE,
  schema_name: VALUE,
  table_name_prefix: VALUE,
});

const autoCaptureOutput = variant(autoCaptureInput, sdk("AutoCaptureConfigOutput"), {
  add: { state: OPAQUE },
});

const servedEntityInput = message(sdk("ServedEntityInput"), {
  burst_scaling_enabled: VALUE,
  entity_name: VALUE,
  entity_version: VALUE,
  environment_vars: mapOf(VALUE),
  external_model: OPAQUE,
  instance_profile_arn: VALUE,
  max_provisioned_concurrency: VALUE,
  max_provisioned_throughput: VALUE,
  min_provisioned_concurrency: VALUE,
  min_provisioned_throughput: VALUE,
  name: VALUE,
  provisioned_model_units: VALUE,
  scale_to_zero_enabled: VALUE,
  workload_size: VALUE,
  workload_type: VALUE,
});

const servedModelInput = message(sdk("ServedModelInput"), {
  burst_scaling_enabled: VALUE,
  environment_vars: mapOf(VALUE),
  instance_profile_arn: VALUE,
  max_provisioned_concurrency: VALUE,
  max_provisioned_throughput: VALUE,
  min_provisioned_concurrency: VALUE,
  min_provisioned_throughput: VALUE,
  model_name: VALUE,
  model_version: VALUE,
  name: VALUE,
  provisioned_model_units: VALUE,
  scale_to_zero_enabled: VALUE,
  workload_size: VALUE,
  workload_type: VALUE,
});

const servedModelState = message(
  sdk("ServedModelState"),
  { deployment: VALUE, deployment_state_message: VALUE },
  ["deployment"],
);

const servedEntityOutput = variant(
  servedEntityInput,
  sdk("ServedEntityOutput"),
  {
    add: {
      creation_timestamp: VALUE,
      creator: VALUE,
      foundation_model: OPAQUE,
      state: servedModelState,
    },
  },
  ["name", "creator", "creation_timestamp", "state"],
);

const servedModelOutput = message(sdk("ServedModelOutput"), {
  ...servedModelInput.fields,
  creation_timestamp: VALUE,
  creator: VALUE,
  state: servedModelState,
});

const route = message(
  sdk("Route"),
  { served_entity_name: VALUE, served_model_name: VALUE, traffic_percentage: VALUE },
  ["traffic_percentage"],
);

const trafficConfig = message(sdk("TrafficConfig"), { routes: route });

/** The body of PUT …/config; also `config` of a create (where the Python SDK sends `name`). */
export const endpointCoreConfigInput = message(sdk("EndpointCoreConfigInput"), {
  auto_capture_config: autoCaptureInput,
  served_entities: servedEntityInput,
  served_models: servedModelInput,
  traffic_config: trafficConfig,
});

const endpointCoreConfigOutput = message(
  sdk("EndpointCoreConfigOutput"),
  {
    auto_capture_config: autoCaptureOutput,
    config_version: VALUE,
    served_entities: servedEntityOutput,
    served_models: servedModelOutput,
    traffic_config: trafficConfig,
  },
  ["served_entities", "traffic_config", "config_version"],
);

const endpointPendingConfig = variant(
  endpointCoreConfigOutput,
  sdk("EndpointPendingConfig"),
  { add: { start_time: VALUE } },
  ["served_entities", "config_version", "start_time"],
);

const servedEntitySpec = message(
  sdk("ServedEntitySpec"),
  {
    entity_name: VALUE,
    entity_version: VALUE,
    external_model: OPAQUE,
    foundation_model: OPAQUE,
    name: VALUE,
  },
  ["name"],
);

const endpointCoreConfigSummary = message(sdk("EndpointCoreConfigSummary"), {
  served_entities: servedEntitySpec,
  served_models: message(sdk("ServedModelSpec"), {
    model_name: VALUE,
    model_version: VALUE,
    name: VALUE,
  }),
});

const endpointState = message(
  sdk("EndpointState"),
  { config_update: VALUE, pt_state: VALUE, ready: VALUE },
  ["config_update", "ready"],
);

const guardrailParameters = message(sdk("AiGatewayGuardrailParameters"), {
  invalid_keywords: VALUE,
  pii: message(sdk("AiGatewayGuardrailPiiBehavior"), { behavior: VALUE }),
  safety: VALUE,
  valid_topics: VALUE,
});

/** Also `PutAiGatewayResponse` and the body of PUT …/ai-gateway (same fields). */
export const aiGatewayConfig = message(sdk("AiGatewayConfig"), {
  fallback_config: message(sdk("FallbackConfig"), { enabled: VALUE }),
  guardrails: message(sdk("AiGatewayGuardrails"), {
    input: guardrailParameters,
    output: guardrailParameters,
  }),
  inference_table_config: message(sdk("AiGatewayInferenceTableConfig"), {
    catalog_name: VALUE,
    enabled: VALUE,
    schema_name: VALUE,
    table_name_prefix: VALUE,
  }),
  rate_limits: message(sdk("AiGatewayRateLimit"), {
    calls: VALUE,
    key: VALUE,
    principal: VALUE,
    renewal_period: VALUE,
    tokens: VALUE,
  }),
  usage_tracking_config: message(sdk("AiGatewayUsageTrackingConfig"), { enabled: VALUE }),
});

const emailNotifications = message(sdk("EmailNotifications"), {
  on_update_failure: VALUE,
  on_update_success: VALUE,
});

const endpointCommon = {
  ai_gateway: aiGatewayConfig,
  budget_policy_id: VALUE,
  creation_timestamp: VALUE,
  creator: VALUE,
  description: VALUE,
  id: VALUE,
  last_updated_timestamp: VALUE,
  name: VALUE,
  state: endpointState,
  tags: endpointTag,
  task: VALUE,
  telemetry_config: OPAQUE,
  uc_system_metrics_export_state: VALUE,
};

const endpointPresent = ["id", "name", "creator", "creation_timestamp", "state"] as const;

/** GET …/{name}, and the answers of create and PUT config. */
export const servingEndpointDetailed = message(
  sdk("ServingEndpointDetailed"),
  {
    ...endpointCommon,
    config: endpointCoreConfigOutput,
    data_plane_info: OPAQUE,
    email_notifications: emailNotifications,
    endpoint_url: VALUE,
    pending_config: endpointPendingConfig,
    permission_level: VALUE,
    route_optimized: VALUE,
  },
  // ASSUMPTION: permission_level (the caller's level) is always filled in.
  [...endpointPresent, "last_updated_timestamp", "permission_level"],
);

/** An element of GET /api/2.0/serving-endpoints: the summary, with `config` as a summary too. */
export const servingEndpointSummary = message(
  sdk("ServingEndpoint"),
  { ...endpointCommon, config: endpointCoreConfigSummary, usage_policy_id: VALUE },
  endpointPresent,
);

export const listEndpointsResponse = message(sdk("ListEndpointsResponse"), {
  endpoints: servingEndpointSummary,
});

/** Body of POST /api/2.0/serving-endpoints (`ServingEndpointsAPI.create` arguments). */
export const createServingEndpoint = message(sdk("ServingEndpointsAPI.create"), {
  ai_gateway: aiGatewayConfig,
  budget_policy_id: VALUE,
  config: variant(endpointCoreConfigInput, sdk("EndpointCoreConfigInput"), {
    add: { name: VALUE },
  }),
  description: VALUE,
  email_notifications: emailNotifications,
  name: VALUE,
  rate_limits: message(sdk("RateLimit"), { calls: VALUE, key: VALUE, renewal_period: VALUE }),
  route_optimized: VALUE,
  tags: endpointTag,
  telemetry_config: OPAQUE,
  uc_system_metrics_export_state: VALUE,
});

/** Body of PATCH …/{name}/tags (`ServingEndpointsAPI.patch`). */
export const patchServingEndpointTags = message(sdk("ServingEndpointsAPI.patch"), {
  add_tags: endpointTag,
  delete_tags: VALUE,
});

export const endpointTags = message(sdk("EndpointTags"), { tags: endpointTag });
