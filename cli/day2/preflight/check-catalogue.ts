/**
 * Every preflight check: its name (as `--skip` and the JSON's `check` take it), what it
 * verifies, and where it reads that from. `--help` prints this list; the JSON schema's enum
 * comes from it.
 */
export const CHECKS = [
  {
    name: "identity",
    what: "who the credentials are (user or service principal), host reachable, TLS trusted, credentials accepted",
    reads: "GET /api/2.0/preview/scim/v2/Me",
  },
  {
    name: "warehouse",
    what: "the SQL warehouse exists, its state, and that the identity may use it (CAN_USE or more, directly, through a group, or as admin)",
    reads:
      "GET /api/2.0/sql/warehouses/{id} and /api/2.0/permissions/warehouses/{id}; when the permissions are not readable, one SELECT 1",
  },
  {
    name: "namespace",
    what: "the stack's catalog, inference and monitoring schemas exist (and those of the registered models, labels and baseline tables)",
    reads: "GET /api/2.1/unity-catalog/catalogs/{name} and /schemas/{name}",
  },
  {
    name: "privileges",
    what: "the identity holds what `pulumi up` and the deployed chain need on each catalog, schema, table and registered model (cli/day2/preflight/required-privileges.ts lists them with sources)",
    reads:
      "owners from Unity Catalog, GET /api/2.1/unity-catalog/effective-permissions/{type}/{name} (schema level first)",
  },
  {
    name: "registered-model",
    what: "each served registered model exists, every served version exists and is READY, every alias resolves",
    reads:
      "GET /api/2.1/unity-catalog/models?catalog_name&schema_name, /models/{name}?include_aliases=true, /models/{name}/versions",
  },
  {
    name: "labels-table",
    what: "the labels table exists and holds the key and label columns with compatible types",
    reads: "the table list of its schema (columns included)",
  },
  {
    name: "baseline-table",
    what: "the monitor's baseline table exists and holds the features and the prediction with compatible types",
    reads: "the table list of its schema (columns included)",
  },
  {
    name: "endpoint",
    what: "an existing serving endpoint of the model's name logs where the configuration says (else the manual step for moving a payload table)",
    reads:
      "GET /api/2.0/serving-endpoints, and /serving-endpoints/{name} when the list leaves out ai_gateway",
  },
  {
    name: "inference-tables",
    what: "an existing payload table has the columns the processing reads; an existing processed table has the planned columns and types",
    reads: "the table list of the inference schema (columns included)",
  },
  {
    name: "processing-job",
    what: "what the processing job needs: system.serving.served_entities readable with its columns when inference.modelIdSource is system_table",
    reads: "one SQL statement (SELECT … LIMIT 0)",
  },
  {
    name: "alert-script",
    what: "where alerts hold a SQL script (alerting.queryForm: script, the default), the warehouse runs SQL scripting and reads the output schemas' information_schema",
    reads: "one SQL statement (a script like the alerts', returning one constant row)",
  },
  {
    name: "metric-tables",
    what: "where a monitor already wrote its metric tables: they hold every column the alert query and analyze-drift read",
    reads: "the table list of the monitoring schema (columns included)",
  },
  {
    name: "thresholds-table",
    what: "an existing thresholds table holds the columns the DriftThresholds provider writes (e.g. owner)",
    reads: "the table list of the monitoring schema (columns included)",
  },
  {
    name: "state",
    what: "with --state: tables, endpoints and registered models that exist in the workspace but not in the stack's state (an up would fail or replace them)",
    reads: "the `pulumi stack export` file, against what the other checks read",
  },
] as const;

export type CheckName = (typeof CHECKS)[number]["name"];
export const CHECK_NAMES = CHECKS.map((c) => c.name) as unknown as readonly [
  CheckName,
  ...CheckName[],
];

/** `text` in lines of at most `width` characters, broken at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The checks as `--help` lists them. */
export function checksHelp(): string {
  const width = Math.max(...CHECKS.map((c) => c.name.length));
  const indent = " ".repeat(width + 4);
  const block = (first: string, text: string) =>
    wrap(text, 96 - indent.length).map((l, i) => (i === 0 ? first : indent) + l);
  return [
    "",
    "Checks (one line per check and object, worst first; every failure says what to do):",
    ...CHECKS.flatMap((c) => [
      ...block(`  ${c.name.padEnd(width)}  `, c.what),
      ...block(indent, `reads: ${c.reads}`),
    ]),
    "",
    "Nothing in the workspace is changed. Exit codes: 0 all good, 1 a check failed (pulumi up",
    "would fail or do harm), 2 something could not be checked or the run could not finish.",
  ].join("\n");
}
