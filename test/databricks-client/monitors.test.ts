import { listRefreshes } from "../../databricks-client/monitors";
import { refreshToFollow } from "../../databricks-client/monitor-waits";
import { RestClient } from "../../databricks-client/rest";
import {
  manualClock,
  startFakeWorkspace,
  type FakeWorkspace,
  type ManualClock,
} from "../support/fake-workspace";
import {
  monitorBody,
  processedTable,
  seedSampleCatalog,
} from "../support/fake-workspace/sample-bodies";
import { settingsFor } from "./fake-settings";

/**
 * The refresh list as the client returns it: newest first whatever order the API answers in.
 * The API documents only "the 25 most recent"; the fake answers in either order.
 */

const TABLE = processedTable.full_name;
const MINUTE = 60_000;

let fake: FakeWorkspace;
let clock: ManualClock;
let rest: RestClient;

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWorkspace({
    clock: clock.now,
    timing: { refreshPendingMs: MINUTE, refreshRunningMs: MINUTE },
  });
  seedSampleCatalog(fake.state);
  fake.state.tables.seed(processedTable);
  fake.state.monitors.seed(TABLE, monitorBody(), { active: true });
  rest = new RestClient(settingsFor(fake));
});
afterEach(async () => {
  rest.close();
  await fake.close();
});

/** Refreshes ten minutes apart: SUCCESS, FAILED, SUCCESS, then one still RUNNING. Their ids. */
function refreshHistory(): string[] {
  const ids: string[] = [];
  const start = () => ids.push(String(fake.state.monitors.startRefresh(TABLE).refresh_id));
  start();
  clock.advance(10 * MINUTE);
  fake.state.monitors.failNextRefresh(TABLE, "out of memory");
  start();
  clock.advance(10 * MINUTE);
  start();
  clock.advance(10 * MINUTE);
  start();
  clock.advance(MINUTE + 1); // the last one is RUNNING
  return ids;
}

describe("listRefreshes", () => {
  it.each(["newest-first", "oldest-first"] as const)(
    "lists the newest refresh first when the API answers %s",
    async (order) => {
      const ids = refreshHistory();
      fake.state.monitors.refreshListOrder = order;
      const listed = await listRefreshes(rest, TABLE);
      expect(listed.map((r) => r.refresh_id)).toEqual([...ids].reverse());
      expect(listed.map((r) => r.state)).toEqual(["RUNNING", "SUCCESS", "FAILED", "SUCCESS"]);
    },
  );
});

describe("refreshToFollow", () => {
  it("takes the newest successful refresh when the API lists the oldest first", async () => {
    const ids = refreshHistory();
    fake.state.monitors.refreshListOrder = "oldest-first";
    const { refresh, started } = await refreshToFollow(rest, TABLE);
    expect(started).toBe(false);
    expect(refresh).toMatchObject({ refresh_id: ids[2], state: "SUCCESS" });
  });
});
