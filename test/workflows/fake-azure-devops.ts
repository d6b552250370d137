import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small in-memory Azure DevOps REST API (7.1) for the Azure pipeline scripts: the threads of
 * pull requests, a pull request's last merged source commit, and work items with a WIQL query
 * reduced to what the drift script asks. Paths, bodies and answers follow Microsoft's REST
 * specification (MicrosoftDocs/vsts-rest-api-specs, specification/git/7.1 and wit/7.1):
 * lists come as `{ count, value }`, thread properties come back as `{ $type, $value }`.
 *
 * Switch: `keepsThreadProperties` (UNCONFIRMED whether Azure DevOps keeps a custom thread
 * property): off, threads come back without the properties they were created with.
 */

export interface FakeComment {
  id: number;
  parentCommentId: number;
  content: string;
  commentType: string;
  isDeleted: boolean;
  author: { id: string; displayName: string };
}

export interface FakeThread {
  id: number;
  status: string;
  isDeleted: boolean;
  comments: FakeComment[];
  properties: Record<string, { $type: string; $value: unknown }>;
}

export interface FakeWorkItem {
  id: number;
  type: string;
  fields: Record<string, unknown>;
  history: string[];
}

export const BUILD_IDENTITY = { id: "b1", displayName: "model-monitoring Build Service (acme)" };

export class FakeAzureDevOps {
  readonly organization = "acme";
  readonly project = "Monitoring Platform";
  readonly repositoryId = "3411ebc1-d5aa-464f-9615-0b527bc66719";
  readonly token = "job-token";
  readonly threads = new Map<number, FakeThread[]>();
  readonly pulls = new Map<number, { lastMergeSourceCommit: { commitId: string } }>();
  readonly workItems: FakeWorkItem[] = [];
  readonly requests: string[] = [];
  keepsThreadProperties = true;
  private server?: http.Server;
  private nextThreadId = 100;

  url = "";

  get collectionUri(): string {
    return `${this.url}/${this.organization}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addThread(pr: number, content: string, author = BUILD_IDENTITY, properties = {}): FakeThread {
    const thread: FakeThread = {
      id: this.nextThreadId++,
      status: "active",
      isDeleted: false,
      comments: [
        { id: 1, parentCommentId: 0, content, commentType: "text", isDeleted: false, author },
      ],
      properties,
    };
    this.threads.set(pr, [...(this.threads.get(pr) ?? []), thread]);
    return thread;
  }

  addWorkItem(type: string, fields: Record<string, unknown>): FakeWorkItem {
    const item = { id: this.workItems.length + 1, type, fields: { ...fields }, history: [] };
    this.workItems.push(item);
    return item;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = "";
    req.on("data", (chunk) => (raw += String(chunk)));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.url);
      this.requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, payload?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      const fail = (status: number, message: string) =>
        send(status, { $id: "1", message, typeKey: "InvalidArgumentValueException" });
      if (req.headers.authorization !== `Bearer ${this.token}`) return fail(401, "unauthorized");
      if (url.searchParams.get("api-version") !== "7.1")
        return fail(400, "api-version 7.1 expected");
      const prefix = `/${this.organization}/${encodeURIComponent(this.project)}/_apis/`;
      if (!url.pathname.startsWith(prefix)) return fail(404, "no such project");
      const route = `${req.method} ${decodeURIComponent(url.pathname.slice(prefix.length))}`;
      const type = req.headers["content-type"] ?? "";
      const body = raw ? (JSON.parse(raw) as unknown) : undefined;
      const repo = `git/repositories/${this.repositoryId}`;
      let m: RegExpExecArray | null;

      if ((m = new RegExp(`^GET ${repo}/pullrequests/(\\d+)$`).exec(route))) {
        const pull = this.pulls.get(Number(m[1]));
        return pull ? send(200, { pullRequestId: Number(m[1]), ...pull }) : fail(404, "no PR");
      }
      if ((m = new RegExp(`^(GET|POST) ${repo}/pullRequests/(\\d+)/threads$`).exec(route))) {
        const pr = Number(m[2]);
        if (m[1] === "GET") {
          const value = (this.threads.get(pr) ?? []).map((t) => this.shown(t));
          return send(200, { count: value.length, value });
        }
        const request = body as {
          comments: { content: string; commentType: string }[];
          status: string;
          properties?: Record<string, { type: string; value: unknown }>;
        };
        if (!request.comments?.length) return fail(400, "A thread must contain a comment");
        const properties = Object.fromEntries(
          Object.entries(request.properties ?? {}).map(([k, v]) => [
            k,
            { $type: v.type, $value: v.value },
          ]),
        );
        const thread = this.addThread(
          pr,
          request.comments[0]?.content ?? "",
          BUILD_IDENTITY,
          properties,
        );
        thread.status = request.status;
        return send(200, this.shown(thread));
      }
      if (
        (m = new RegExp(`^PATCH ${repo}/pullRequests/(\\d+)/threads/(\\d+)/comments/(\\d+)$`).exec(
          route,
        ))
      ) {
        const thread = (this.threads.get(Number(m[1])) ?? []).find((t) => t.id === Number(m?.[2]));
        const comment = thread?.comments.find((c) => c.id === Number(m?.[3]));
        if (!comment) return fail(404, "no comment");
        // UNCONFIRMED: Azure DevOps lets no identity edit another one's comment.
        if (comment.author.id !== BUILD_IDENTITY.id) return fail(403, "not the author");
        comment.content = String((body as { content: string }).content);
        return send(200, comment);
      }
      if (route === "POST wit/wiql")
        return send(200, this.wiql(String((body as { query: string }).query)));
      if (route === "GET wit/workitems") {
        const ids = (url.searchParams.get("ids") ?? "").split(",").map(Number);
        const fields = (url.searchParams.get("fields") ?? "").split(",");
        const value = this.workItems
          .filter((w) => ids.includes(w.id))
          .map((w) => ({
            id: w.id,
            fields: Object.fromEntries(
              fields.filter((f) => f in w.fields).map((f) => [f, w.fields[f]]),
            ),
          }));
        return send(200, { count: value.length, value });
      }
      if ((m = /^POST wit\/workitems\/\$(.+)$/.exec(route))) {
        if (!type.startsWith("application/json-patch+json"))
          return fail(415, "json-patch expected");
        const item = this.addWorkItem(m[1] ?? "", { "System.State": "To Do" });
        this.apply(item, body as Patch[]);
        return send(200, { id: item.id, fields: item.fields });
      }
      if ((m = /^PATCH wit\/workitems\/(\d+)$/.exec(route))) {
        if (!type.startsWith("application/json-patch+json"))
          return fail(415, "json-patch expected");
        const item = this.workItems.find((w) => w.id === Number(m?.[1]));
        if (!item) return fail(404, "no work item");
        this.apply(item, body as Patch[]);
        return send(200, { id: item.id, fields: item.fields });
      }
      return fail(404, `no route ${route}`);
    });
  }

  private shown(thread: FakeThread): object {
    return this.keepsThreadProperties ? thread : { ...thread, properties: {} };
  }

  private apply(item: FakeWorkItem, operations: Patch[]): void {
    for (const op of operations) {
      const name = op.path.replace(/^\/fields\//, "");
      if (name === "System.History") item.history.push(String(op.value));
      else item.fields[name] = op.value;
    }
  }

  /** The drift script's query: type, title, tag and state conditions, as plain comparisons. */
  private wiql(query: string): { workItems: { id: number }[] } {
    const value = (field: string, op: string) =>
      new RegExp(`\\[${field.replace(".", "\\.")}\\] ${op} '((?:[^']|'')*)'`)
        .exec(query)?.[1]
        ?.replace(/''/g, "'");
    const type = value("System.WorkItemType", "=");
    const title = value("System.Title", "=");
    const tag = value("System.Tags", "CONTAINS");
    const notState = value("System.State", "<>");
    const found = this.workItems.filter(
      (w) =>
        (type === undefined || w.type === type) &&
        (title === undefined || w.fields["System.Title"] === title) &&
        (tag === undefined ||
          String(w.fields["System.Tags"] ?? "")
            .split(/;\s*/)
            .includes(tag)) &&
        (notState === undefined || w.fields["System.State"] !== notState),
    );
    return { workItems: found.map((w) => ({ id: w.id })) };
  }
}

interface Patch {
  op: string;
  path: string;
  value: unknown;
}
