import { backoffDelay, parseRetryAfter } from "../../databricks-client/backoff";
import {
  DatabricksApiError,
  isNotFound,
  parseErrorBody,
  scrub,
} from "../../databricks-client/errors";
import { parseJson } from "../../databricks-client/rest";

const apiError = (status: number, errorCode: string) =>
  new DatabricksApiError({
    method: "GET",
    path: "/api/x",
    status,
    errorCode,
    detail: "d",
    retryable: false,
  });

describe("DatabricksApiError", () => {
  it("says which request failed, how and why", () => {
    const error = new DatabricksApiError({
      method: "POST",
      path: "/api/2.0/serving-endpoints",
      status: 409,
      errorCode: "RESOURCE_ALREADY_EXISTS",
      detail: "Endpoint churn exists",
      retryable: false,
    });
    expect(error.message).toBe(
      "POST /api/2.0/serving-endpoints: 409 RESOURCE_ALREADY_EXISTS: Endpoint churn exists",
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("DatabricksApiError");
  });
});

describe("isNotFound", () => {
  it("is true for a missing object, whatever the product's error code", () => {
    expect(isNotFound(apiError(404, "RESOURCE_DOES_NOT_EXIST"))).toBe(true);
    expect(isNotFound(apiError(404, "TABLE_DOES_NOT_EXIST"))).toBe(true);
  });

  it("is false for a missing API, other statuses and other errors", () => {
    expect(isNotFound(apiError(404, "ENDPOINT_NOT_FOUND"))).toBe(false);
    expect(isNotFound(apiError(403, "PERMISSION_DENIED"))).toBe(false);
    expect(isNotFound(new Error("404"))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});

describe("parseErrorBody", () => {
  it.each([
    [
      '{"error_code":"INVALID_PARAMETER_VALUE","message":"bad name"}',
      400,
      "INVALID_PARAMETER_VALUE",
      "bad name",
    ],
    ['{"error":"legacy message"}', 400, "BAD_REQUEST", "legacy message"],
    [
      '{"error":"invalid_client","error_description":"Client authentication failed"}',
      401,
      "invalid_client",
      "Client authentication failed",
    ],
    ['{"detail":"scim says no","status":"403"}', 403, "PERMISSION_DENIED", "scim says no"],
    ["TEMPORARILY_UNAVAILABLE: try later", 503, "TEMPORARILY_UNAVAILABLE", "try later"],
    [
      "<html><body><pre>Bad gateway from LB</pre></body></html>",
      502,
      "BAD_GATEWAY",
      "Bad gateway from LB",
    ],
    ["", 504, "DEADLINE_EXCEEDED", "Gateway Timeout"],
    ["", 418, "HTTP_418", "I'm a Teapot"],
  ])("%s (%i)", (body, status, code, message) => {
    expect(parseErrorBody(status, body)).toEqual({ errorCode: code, message });
  });
});

describe("scrub", () => {
  it("removes known secrets from server messages", () => {
    expect(scrub("Invalid token dapi-1234 for user", ["dapi-1234"])).toBe(
      "Invalid token *** for user",
    );
  });
});

describe("parseJson", () => {
  it("keeps int64 ids beyond 2^53 exact as strings, and leaves other numbers alone", () => {
    const parsed = parseJson<Record<string, unknown>>(
      '{"refresh_id": 12345678901234567890, "small": 42, "ts": 1700000000000, "f": 1.12345678901234567, "s": "12345678901234567890"}',
    );
    expect(parsed).toEqual({
      refresh_id: "12345678901234567890",
      small: 42,
      ts: 1700000000000,
      f: Number("1.12345678901234567"),
      s: "12345678901234567890",
    });
    expect(parseJson("")).toEqual({});
  });
});

describe("backoff", () => {
  it("waits between the floor and a doubling ceiling, capped", () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(100);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(200);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
