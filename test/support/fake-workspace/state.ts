import { AccessControl, type Principal } from "./access";
import { AlertStore } from "./alerts";
import { FirstContact, FIRST_CONTACT_AS_BEFORE, type FirstContactSwitches } from "./first-contact";
import type { IdGenerator } from "./ids";
import { NotificationDestinationStore } from "./notification-destinations";
import { QualityMonitorStore } from "./quality-monitors";
import { ServingEndpointStore } from "./serving-endpoints";
import { TableStore } from "./tables";
import type { Timeline } from "./timeline";
import type { Timing } from "./timing";

/**
 * Everything one fake workspace holds, one store per API family. Tests seed and read through
 * these stores; reads return the same JSON the REST API would, as copies.
 */
export class WorkspaceState {
  readonly access: AccessControl;
  readonly tables: TableStore;
  readonly endpoints: ServingEndpointStore;
  readonly monitors: QualityMonitorStore;
  readonly destinations: NotificationDestinationStore;
  readonly alerts: AlertStore;
  /** Which tables have rows, and the switches that care (first-contact.ts). */
  readonly firstContact: FirstContact;

  constructor(
    private readonly timeline: Timeline,
    timing: Timing,
    ids: IdGenerator,
    userName: string,
    switches: FirstContactSwitches = { ...FIRST_CONTACT_AS_BEFORE, metricTablesLack: [] },
  ) {
    const owner: Principal = { name: userName, kind: "user" };
    this.firstContact = new FirstContact(switches);
    this.access = new AccessControl(timeline, ids, owner);
    this.tables = new TableStore(timeline, ids, owner);
    this.endpoints = new ServingEndpointStore(
      timeline,
      timing,
      ids,
      this.tables,
      owner,
      this.firstContact,
    );
    this.monitors = new QualityMonitorStore(
      timeline,
      timing,
      ids,
      this.tables,
      owner,
      this.firstContact,
    );
    this.destinations = new NotificationDestinationStore(ids);
    this.alerts = new AlertStore(timeline, ids, owner, (id) => this.destinations.has(id));
  }

  /**
   * Finishes all asynchronous work now: endpoint updates, payload tables, monitor activation,
   * refreshes (each ending as planned). For tests that want end states without waiting.
   */
  settle(): void {
    this.timeline.settle();
  }
}
