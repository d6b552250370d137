import { message, VALUE } from "./shape";

/**
 * SQL alerts v2 and notification destinations: field names from databricks-sdk-py
 * `databricks/sdk/service/sql.py` (AlertV2 and its parts) and `settings.py`
 * (NotificationDestination, its Config kinds and the list result).
 */
const sql = (name: string): string => `databricks-sdk-py sql.py ${name}`;
const settings = (name: string): string => `databricks-sdk-py settings.py ${name}`;

const operandColumn = message(
  sql("AlertV2OperandColumn"),
  { aggregation: VALUE, display: VALUE, name: VALUE },
  ["name"],
);

const evaluation = message(
  sql("AlertV2Evaluation"),
  {
    comparison_operator: VALUE,
    empty_result_state: VALUE,
    last_evaluated_at: VALUE,
    notification: message(sql("AlertV2Notification"), {
      notify_on_ok: VALUE,
      retrigger_seconds: VALUE,
      subscriptions: message(sql("AlertV2Subscription"), {
        destination_id: VALUE,
        user_email: VALUE,
      }),
    }),
    source: operandColumn,
    state: VALUE,
    threshold: message(sql("AlertV2Operand"), {
      column: operandColumn,
      value: message(sql("AlertV2OperandValue"), {
        bool_value: VALUE,
        double_value: VALUE,
        string_value: VALUE,
      }),
    }),
  },
  ["source", "comparison_operator", "state"],
);

const runAs = message(sql("AlertV2RunAs"), { service_principal_name: VALUE, user_name: VALUE });

/**
 * GET/POST/PATCH /api/2.0/alerts answers, and the body of POST and PATCH (the SDK sends the whole
 * AlertV2; output-only fields in a body are known fields, so they are not "unknown").
 */
export const alertV2 = message(
  sql("AlertV2"),
  {
    create_time: VALUE,
    custom_description: VALUE,
    custom_summary: VALUE,
    display_name: VALUE,
    effective_parent_path: VALUE,
    effective_run_as: runAs,
    evaluation,
    id: VALUE,
    lifecycle_state: VALUE,
    owner_user_name: VALUE,
    parameters: message(
      sql("AlertStatementParameter"),
      { name: VALUE, type: VALUE, value: VALUE },
      ["name"],
    ),
    parent_path: VALUE,
    query_text: VALUE,
    run_as: runAs,
    run_as_user_name: VALUE,
    schedule: message(
      sql("CronSchedule"),
      {
        effective_pause_status: VALUE,
        pause_status: VALUE,
        quartz_cron_schedule: VALUE,
        timezone_id: VALUE,
      },
      ["quartz_cron_schedule", "timezone_id", "effective_pause_status"],
    ),
    update_time: VALUE,
    warehouse_id: VALUE,
  },
  [
    "id",
    "display_name",
    "query_text",
    "warehouse_id",
    "evaluation",
    "schedule",
    "create_time",
    "update_time",
    "lifecycle_state",
    "owner_user_name",
    "effective_run_as",
    "effective_parent_path",
  ],
);

export const listAlertsV2Response = message(sql("ListAlertsV2Response"), {
  alerts: alertV2,
  next_page_token: VALUE,
});

/** A secret field `f` comes with its output-only flag `f_set`. */
function withSetFlags(names: readonly string[]): Record<string, typeof VALUE> {
  return Object.fromEntries(
    names.flatMap((name) => [
      [name, VALUE],
      [`${name}_set`, VALUE],
    ]),
  );
}

const destinationConfig = message(settings("Config"), {
  email: message(settings("EmailConfig"), { addresses: VALUE }),
  generic_webhook: message(
    settings("GenericWebhookConfig"),
    withSetFlags([
      "oauth_audience",
      "oauth_client_id",
      "oauth_client_secret",
      "oauth_scopes",
      "oauth_token_url",
      "password",
      "url",
      "username",
    ]),
  ),
  microsoft_teams: message(
    settings("MicrosoftTeamsConfig"),
    withSetFlags(["app_id", "auth_secret", "channel_url", "tenant_id", "url"]),
  ),
  pagerduty: message(settings("PagerdutyConfig"), withSetFlags(["integration_key"])),
  slack: message(settings("SlackConfig"), withSetFlags(["channel_id", "oauth_token", "url"])),
});

export const notificationDestination = message(
  settings("NotificationDestination"),
  { config: destinationConfig, destination_type: VALUE, display_name: VALUE, id: VALUE },
  ["id", "display_name", "destination_type"],
);

/** Body of POST and PATCH /api/2.0/notification-destinations (`create`/`update` arguments). */
export const notificationDestinationRequest = message(
  settings("NotificationDestinationsAPI.create/update"),
  { config: destinationConfig, display_name: VALUE },
);

export const listNotificationDestinationsResponse = message(
  settings("ListNotificationDestinationsResponse"),
  {
    next_page_token: VALUE,
    results: message(
      settings("ListNotificationDestinationsResult"),
      { destination_type: VALUE, display_name: VALUE, id: VALUE },
      ["id", "display_name", "destination_type"],
    ),
  },
);
