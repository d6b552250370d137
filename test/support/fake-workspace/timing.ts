/**
 * How long the fake's asynchronous work takes. Real workspaces take minutes; tests want tens of
 * milliseconds. The object is live: change a field on `fake.timing` and the next operation that
 * starts uses the new value (operations already under way keep their deadline).
 */
export interface Timing {
  /** Serving endpoint config update: IN_PROGRESS -> NOT_UPDATING (or UPDATE_FAILED). */
  endpointUpdateMs: number;
  /** AI Gateway inference table enabled -> `<catalog>.<schema>.<prefix>_payload` exists. */
  payloadTableMs: number;
  /** Quality monitor create/update: MONITOR_STATUS_PENDING -> MONITOR_STATUS_ACTIVE. */
  monitorActivationMs: number;
  /** Monitor refresh PENDING -> RUNNING. */
  refreshPendingMs: number;
  /** Monitor refresh RUNNING -> SUCCESS (or FAILED). */
  refreshRunningMs: number;
  /** `expires_in` of OAuth access tokens; the token is refused afterwards. */
  accessTokenLifetimeSeconds: number;
}

export const defaultTiming: Readonly<Timing> = {
  endpointUpdateMs: 50,
  payloadTableMs: 80,
  monitorActivationMs: 50,
  refreshPendingMs: 30,
  refreshRunningMs: 30,
  accessTokenLifetimeSeconds: 3600,
};
