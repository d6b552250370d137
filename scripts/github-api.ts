/**
 * The few GitHub REST calls the CI scripts make, over fetch. The API URL comes from
 * GITHUB_API_URL (set by GitHub Actions, also for GitHub Enterprise), so tests can point it
 * at a local server.
 */

export interface GitHubOptions {
  token: string;
  repo: string;
  apiUrl?: string;
}

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class GitHub {
  private readonly apiUrl: string;

  constructor(private readonly options: GitHubOptions) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(options.repo))
      throw new Error(`repository must be owner/name, got "${options.repo}"`);
    this.apiUrl = (options.apiUrl ?? "https://api.github.com").replace(/\/$/, "");
  }

  /** `path` is relative to the repository, e.g. `issues/3/comments`. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.apiUrl}/repos/${this.options.repo}/${path}`, {
      method,
      headers: {
        accept: "application/vnd.github+json",
        authorization: `Bearer ${this.options.token}`,
        "x-github-api-version": "2022-11-28",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      throw new GitHubError(
        response.status,
        `${method} ${path}: ${response.status} ${text.slice(0, 500)}`,
      );
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Every page of a list endpoint. */
  async list<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page += 1) {
      const separator = path.includes("?") ? "&" : "?";
      const items = await this.request<T[]>("GET", `${path}${separator}per_page=100&page=${page}`);
      all.push(...items);
      if (items.length < 100) return all;
    }
  }
}

/** A client for the workflow's repository, with the token GitHub Actions provides. */
export function gitHubFromEnv(repo = process.env.GITHUB_REPOSITORY ?? ""): GitHub {
  const token = process.env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const options: GitHubOptions = { token, repo };
  if (process.env.GITHUB_API_URL) options.apiUrl = process.env.GITHUB_API_URL;
  return new GitHub(options);
}
