/**
 * The Databricks error model (docs/databricks-api.md, errors): a JSON body `{error_code, message}` with the
 * HTTP status that the SDKs map to their error classes. Handlers throw ApiError; the server turns
 * it into the response.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): { error_code: string; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const invalidParameter = (message: string): ApiError =>
  new ApiError(400, "INVALID_PARAMETER_VALUE", message);

export const notFound = (message: string): ApiError =>
  new ApiError(404, "RESOURCE_DOES_NOT_EXIST", message);

export const alreadyExists = (message: string): ApiError =>
  new ApiError(409, "RESOURCE_ALREADY_EXISTS", message);

/**
 * A request that conflicts with an operation in progress (e.g. a config update while another one
 * runs). UNCONFIRMED: the reference does not know the real code; 409 keeps the SDK class
 * "ResourceConflict" and is never retried by clients.
 */
export const conflict = (message: string): ApiError =>
  new ApiError(409, "RESOURCE_CONFLICT", message);

export const unauthenticated = (message: string): ApiError =>
  new ApiError(401, "UNAUTHENTICATED", message);

export const permissionDenied = (message: string): ApiError =>
  new ApiError(403, "PERMISSION_DENIED", message);

/**
 * No route for this method and path. UNCONFIRMED: modelled on what workspaces are commonly seen
 * to answer ("No API found for ..."); the reference does not cover it.
 */
export const endpointNotFound = (method: string, path: string): ApiError =>
  new ApiError(404, "ENDPOINT_NOT_FOUND", `No API found for '${method} ${path}'`);

export const requestLimitExceeded = (retryAfterSeconds: number): ApiError =>
  new ApiError(429, "REQUEST_LIMIT_EXCEEDED", "Too many requests. Please try again later.", {
    "Retry-After": String(retryAfterSeconds),
  });

export const temporarilyUnavailable = (retryAfterSeconds?: number): ApiError =>
  new ApiError(
    503,
    "TEMPORARILY_UNAVAILABLE",
    "The service is temporarily unavailable. Please try again later.",
    retryAfterSeconds === undefined ? {} : { "Retry-After": String(retryAfterSeconds) },
  );
