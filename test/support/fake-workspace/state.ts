import { AccessControl, type Principal } from "./access";
import { AlertStore } from "./alerts";
import { FirstContact, FIRST_CONTACT_AS_BEFORE, type FirstContactSwitches } from "./first-contact";
import { IdentityStore } from "./identities";
import type { IdGenerator } from "./ids";
import { NotificationDestinationStore } from "./notification-destinations";
import { QualityMonitorStore } from "./quality-monitors";
import { RegisteredModelStore } from "./registered-models";
import { ServingEndpointStore } from "./serving-endpoints";
import type { Strictness } from "./strictness";
import { TableStore } from "./tables";
import type { Timeline } from "./timeline";
import type { Timing } from "./timing";
import { UcGrantStore } from "./uc-grants";
import { UcListing } from "./uc-lists";
import { CatalogStore, parseSchemaName, SchemaStore } from "./uc-namespaces";
import { WarehouseStore } from "./warehouses";

/**
 * Everything one fake workspace holds, one store per API family. Tests seed and read through
 * these stores; reads return the same JSON the REST API would, as copies.
 */
export class WorkspaceState {
  readonly access: AccessControl;
  /** The Unity Catalog metastore the workspace is attached to (ids of UC objects name it). */
  readonly metastoreId: string;
  readonly catalogs: CatalogStore;
  readonly schemas: SchemaStore;
  readonly tables: TableStore;
  readonly models: RegisteredModelStore;
  readonly endpoints: ServingEndpointStore;
  readonly monitors: QualityMonitorStore;
  readonly destinations: NotificationDestinationStore;
  readonly alerts: AlertStore;
  /** Which tables have rows, and the switches that care (first-contact.ts). */
  readonly firstContact: FirstContact;
  /** Principals' groups and the SCIM answer of who the caller is (identities.ts). */
  readonly identities: IdentityStore;
  readonly warehouses: WarehouseStore;
  /** Unity Catalog grants and effective permissions (uc-grants.ts). */
  readonly grants: UcGrantStore;
  /** The per-schema lists of tables and registered models (uc-lists.ts). */
  readonly listing: UcListing;

  constructor(
    private readonly timeline: Timeline,
    timing: Timing,
    ids: IdGenerator,
    userName: string,
    strictness: Strictness,
    switches: FirstContactSwitches = { ...FIRST_CONTACT_AS_BEFORE, metricTablesLack: [] },
  ) {
    const owner: Principal = { name: userName, kind: "user" };
    this.firstContact = new FirstContact(switches);
    this.access = new AccessControl(timeline, ids, owner);
    this.metastoreId = ids.uuid();
    this.catalogs = new CatalogStore(timeline, this.metastoreId, owner, strictness);
    this.schemas = new SchemaStore(
      timeline,
      ids,
      this.metastoreId,
      owner,
      strictness,
      this.catalogs,
    );
    this.tables = new TableStore(timeline, ids, owner, this.schemas, strictness, this.metastoreId);
    this.models = new RegisteredModelStore(timeline, ids, this.metastoreId, owner, this.schemas);
    this.endpoints = new ServingEndpointStore(
      timeline,
      timing,
      ids,
      this.tables,
      owner,
      { schemas: this.schemas, models: this.models, strictness },
      this.firstContact,
    );
    this.monitors = new QualityMonitorStore(
      timeline,
      timing,
      ids,
      this.tables,
      owner,
      { schemas: this.schemas, strictness },
      this.firstContact,
    );
    this.identities = new IdentityStore(ids, strictness);
    this.warehouses = new WarehouseStore(owner, this.identities, strictness);
    this.grants = new UcGrantStore({
      catalogs: this.catalogs,
      schemas: this.schemas,
      tables: this.tables,
      models: this.models,
      identities: this.identities,
      strictness,
    });
    this.listing = new UcListing(this.schemas, this.tables, this.models, this.grants);
    this.destinations = new NotificationDestinationStore(ids);
    this.alerts = new AlertStore(
      timeline,
      ids,
      owner,
      (id) => this.destinations.has(id),
      strictness,
    );
  }

  /**
   * Creates each `catalog.schema` that does not exist yet, and its catalog when needed: what a
   * metastore admin sets up before anything is deployed.
   */
  seedSchemas(...fullNames: string[]): void {
    for (const fullName of fullNames) {
      const { catalog } = parseSchemaName(fullName);
      if (!this.catalogs.has(catalog)) this.catalogs.seed({ name: catalog });
      if (!this.schemas.has(fullName)) this.schemas.seed({ full_name: fullName });
    }
  }

  /**
   * Finishes all asynchronous work now: endpoint updates, payload tables, monitor activation,
   * refreshes (each ending as planned). For tests that want end states without waiting.
   */
  settle(): void {
    this.timeline.settle();
  }
}
