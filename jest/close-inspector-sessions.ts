import * as inspector from "node:inspector";

/**
 * Runs in every test file (setupFilesAfterEnv). Pulumi's closure serializer (used whenever a
 * dynamic resource is declared) opens an in-process inspector session with the debugger
 * enabled and never closes it. Each test file loads its own copy of @pulumi/pulumi, so each
 * such file left a session behind whose listener kept that file's whole module graph alive,
 * and the debugger on: one jest process grew by up to hundreds of MB per file (10 GB over the
 * suite in band). The sessions opened during a file are closed when it ends.
 */

const OPEN = Symbol.for("model-monitoring.jest.openInspectorSessions");
type Tracked = typeof inspector.Session.prototype & { [OPEN]?: Set<inspector.Session> };

// node:inspector is shared by every test file of the process: wrap it once.
const proto = inspector.Session.prototype as Tracked;
const open = proto[OPEN] ?? new Set<inspector.Session>();
if (!proto[OPEN]) {
  const connect = proto.connect;
  proto.connect = function (this: inspector.Session) {
    open.add(this);
    connect.call(this);
  };
  Object.defineProperty(proto, OPEN, { value: open });
}

afterAll(() => {
  for (const session of open) session.disconnect();
  open.clear();
});
