import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small in-memory GitHub REST API for the CI scripts: issue comments, issues, labels and
 * pull requests of one repository, with pagination. Enough to see what the scripts change.
 */

export interface FakeComment {
  id: number;
  body: string;
  user: { type: string };
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  state_reason?: string;
  labels: string[];
  pull_request?: object;
  comments: FakeComment[];
}

export class FakeGitHub {
  readonly repo = "acme/model-monitoring";
  readonly issues: FakeIssue[] = [];
  readonly labels = new Set<string>();
  readonly pulls = new Map<number, { head: { sha: string } }>();
  readonly requests: string[] = [];
  private server?: http.Server;
  private nextId = 1000;

  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addIssue(issue: Partial<FakeIssue>): FakeIssue {
    const full: FakeIssue = {
      number: this.issues.length + 1,
      title: "",
      body: "",
      state: "open",
      labels: [],
      comments: [],
      ...issue,
    };
    this.issues.push(full);
    return full;
  }

  comment(issue: FakeIssue, body: string, type = "Bot"): FakeComment {
    const comment = { id: this.nextId++, body, user: { type } };
    issue.comments.push(comment);
    return comment;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = "";
    req.on("data", (chunk) => (raw += String(chunk)));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", this.url);
      this.requests.push(`${req.method} ${url.pathname}`);
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const prefix = `/repos/${this.repo}/`;
      const send = (status: number, payload?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(payload === undefined ? "" : JSON.stringify(payload));
      };
      if (req.headers.authorization !== "Bearer test-token")
        return send(401, { message: "Bad credentials" });
      if (!url.pathname.startsWith(prefix)) return send(404, { message: "Not Found" });
      const route = `${req.method} ${url.pathname.slice(prefix.length)}`;
      const page = (items: unknown[]) => {
        const perPage = Number(url.searchParams.get("per_page") ?? 30);
        const n = Number(url.searchParams.get("page") ?? 1);
        return items.slice((n - 1) * perPage, n * perPage);
      };
      let m: RegExpExecArray | null;
      if ((m = /^GET issues\/(\d+)\/comments$/.exec(route))) {
        return send(200, page(this.issue(Number(m[1]))?.comments ?? []));
      }
      if ((m = /^POST issues\/(\d+)\/comments$/.exec(route))) {
        const issue = this.issue(Number(m[1]));
        return issue
          ? send(201, this.comment(issue, String(body.body)))
          : send(404, { message: "Not Found" });
      }
      if ((m = /^PATCH issues\/comments\/(\d+)$/.exec(route))) {
        const comment = this.issues.flatMap((i) => i.comments).find((c) => c.id === Number(m?.[1]));
        if (!comment) return send(404, { message: "Not Found" });
        comment.body = String(body.body);
        return send(200, comment);
      }
      if ((m = /^GET pulls\/(\d+)$/.exec(route))) {
        const pull = this.pulls.get(Number(m[1]));
        return pull ? send(200, pull) : send(404, { message: "Not Found" });
      }
      if (route === "GET issues") {
        const label = url.searchParams.get("labels");
        const state = url.searchParams.get("state") ?? "open";
        const found = this.issues.filter(
          (i) => i.state === state && (!label || i.labels.includes(label)),
        );
        return send(200, page(found));
      }
      if (route === "POST issues") {
        const issue = this.addIssue({
          title: String(body.title),
          body: String(body.body),
          labels: (body.labels as string[]) ?? [],
        });
        return send(201, issue);
      }
      if ((m = /^PATCH issues\/(\d+)$/.exec(route))) {
        const issue = this.issue(Number(m[1]));
        if (!issue) return send(404, { message: "Not Found" });
        Object.assign(issue, body);
        return send(200, issue);
      }
      if ((m = /^GET labels\/(.+)$/.exec(route))) {
        const name = decodeURIComponent(m[1] ?? "");
        return this.labels.has(name) ? send(200, { name }) : send(404, { message: "Not Found" });
      }
      if (route === "POST labels") {
        this.labels.add(String(body.name));
        return send(201, { name: body.name });
      }
      return send(404, { message: `no route ${route}` });
    });
  }

  private issue(number: number): FakeIssue | undefined {
    return this.issues.find((i) => i.number === number);
  }
}
