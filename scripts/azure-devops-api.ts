/**
 * The few Azure DevOps REST calls (api-version 7.1) the Azure pipelines make, over fetch:
 * pull-request threads for the plan and preview comments, work items for the drift report.
 * In a pipeline the organization URL is SYSTEM_COLLECTIONURI (e.g. https://dev.azure.com/acme/),
 * the project SYSTEM_TEAMPROJECT, and the token SYSTEM_ACCESSTOKEN, which Azure Pipelines gives
 * a script only when the step maps it (`env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)`).
 * Tests point the URL at a local server.
 */

export const API_VERSION = "7.1";

export interface AzureDevOpsOptions {
  token: string;
  /** The organization (collection) URL. */
  collectionUri: string;
  /** Project name or id. */
  project: string;
}

export class AzureDevOpsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Azure DevOps answers lists as `{ count, value: [...] }`. */
export interface ListResponse<T> {
  count?: number;
  value: T[];
}

export class AzureDevOps {
  private readonly projectUrl: string;

  constructor(private readonly options: AzureDevOpsOptions) {
    if (!/^https?:\/\//.test(options.collectionUri))
      throw new Error(`the organization URL must be http(s), got "${options.collectionUri}"`);
    if (!options.project.trim()) throw new Error("the project is empty");
    const base = options.collectionUri.endsWith("/")
      ? options.collectionUri
      : `${options.collectionUri}/`;
    this.projectUrl = `${base}${encodeURIComponent(options.project)}/_apis/`;
  }

  /**
   * `path` is relative to the project's `_apis/`, e.g. `git/repositories/r/pullRequests/3/threads`.
   * Work item writes are JSON Patch documents (`application/json-patch+json`).
   */
  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<T> {
    const separator = path.includes("?") ? "&" : "?";
    const response = await fetch(
      `${this.projectUrl}${path}${separator}api-version=${API_VERSION}`,
      {
        method,
        headers: {
          accept: "application/json",
          authorization: `Bearer ${this.options.token}`,
          ...(body === undefined ? {} : { "content-type": contentType }),
        },
        body: body === undefined ? null : JSON.stringify(body),
        // A sign-in page instead of an error is what Azure DevOps sends an unauthorized
        // browser; scripts want the status.
        redirect: "manual",
      },
    );
    const text = await response.text();
    if (!response.ok)
      throw new AzureDevOpsError(
        response.status,
        `${method} ${path}: ${response.status} ${text.slice(0, 500)}`,
      );
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

/** A client for the pipeline's project, with the job's access token. */
export function azureDevOpsFromEnv(
  env: Record<string, string | undefined> = process.env,
): AzureDevOps {
  const token = env.SYSTEM_ACCESSTOKEN;
  if (!token || token.startsWith("$("))
    throw new Error(
      "SYSTEM_ACCESSTOKEN is not set: map it in the step (env: SYSTEM_ACCESSTOKEN: $(System.AccessToken))",
    );
  const collectionUri = env.SYSTEM_COLLECTIONURI ?? env.SYSTEM_TEAMFOUNDATIONCOLLECTIONURI;
  if (!collectionUri) throw new Error("SYSTEM_COLLECTIONURI is not set (runs in Azure Pipelines)");
  const project = env.SYSTEM_TEAMPROJECT;
  if (!project) throw new Error("SYSTEM_TEAMPROJECT is not set (runs in Azure Pipelines)");
  return new AzureDevOps({ token, collectionUri, project });
}
