import type { ParserRuleContext, ParseTree } from "antlr4ng";
import { loadSparkParser } from "./dt-sql-parser-loader";

/**
 * Grammar checks for generated SQL with dt-sql-parser's Spark SQL grammar (Apache Spark 3.x
 * syntax). Databricks SQL is a superset, so a few constructs Databricks accepts fail here;
 * parseDatabricksSql rewrites exactly those, says which it rewrote, and checks the rest.
 */

export interface SparkParseResult {
  ok: boolean;
  /** `line L:C message` for each syntax error. */
  errors: string[];
  /** Statements in the text (0 when it does not parse). */
  statementCount: number;
}

export interface DatabricksParseResult extends SparkParseResult {
  /** Each rewrite applied before the grammar check, with the reason. Empty: checked as is. */
  adaptations: string[];
}

/** The text as the Spark grammar sees it: no rewrites. */
export function parseSparkSql(sql: string): SparkParseResult {
  if (sql.trim().length === 0) return { ok: false, errors: ["empty statement"], statementCount: 0 };
  const { SparkSQL } = loadSparkParser();
  const parser = new SparkSQL();
  const errors = parser
    .validate(sql)
    .map((e) => `line ${e.startLine}:${e.startColumn} ${e.message}`);
  if (errors.length > 0) return { ok: false, errors, statementCount: 0 };
  return { ok: true, errors: [], statementCount: countStatements(parser.parse(sql)) };
}

/** Rewrites the known grammar gaps (see adaptDatabricksSql), then checks with the Spark grammar. */
export function parseDatabricksSql(sql: string): DatabricksParseResult {
  const adapted = adaptDatabricksSql(sql);
  return { ...parseSparkSql(adapted.sql), adaptations: adapted.adaptations };
}

/** A statement's parse tree after the same rewrites; throws if it does not parse. */
export function parseDatabricksSqlTree(sql: string): {
  tree: ParserRuleContext;
  ruleNames: readonly string[];
} {
  const result = parseDatabricksSql(sql);
  if (!result.ok) throw new Error(`SQL does not parse:\n${result.errors.join("\n")}`);
  const { SparkSQL, ruleNames } = loadSparkParser();
  return { tree: new SparkSQL().parse(adaptDatabricksSql(sql).sql), ruleNames };
}

const QUOTED = "`(?:[^`]|``)+`";
const TARGET_WITH_CATALOG = new RegExp(
  `\\b(CREATE\\s+TABLE(?:\\s+IF\\s+NOT\\s+EXISTS)?|MERGE\\s+INTO|INSERT\\s+INTO|UPDATE)(\\s+)(${QUOTED})\\.(${QUOTED})\\.(?=\`)`,
  "gi",
);
const CREATE_TABLE = /\bCREATE\s+(?:OR\s+REPLACE\s+)?TABLE\b/i;
const CLUSTER_BY = /\bCLUSTER\s+BY(\s*)\(/gi;

/**
 * The two Databricks constructs our statements use that dt-sql-parser 4.5.1 rejects:
 *
 * 1. A three-level name (catalog.schema.table) after CREATE TABLE, MERGE INTO, INSERT INTO or
 *    UPDATE:
 *    the grammar's tableIdentifier there has at most two parts (FROM accepts three). Rewritten
 *    as two parts by folding catalog and schema into one quoted identifier, `a.b`.`c`, padded
 *    so columns after it keep their positions. Only the backticked form is rewritten.
 * 2. CLUSTER BY (cols) in CREATE TABLE (liquid clustering): the grammar knows PARTITIONED BY
 *    only. Rewritten as PARTITIONED BY (cols), which keeps the column list under the check.
 */
export function adaptDatabricksSql(sql: string): { sql: string; adaptations: string[] } {
  const adaptations: string[] = [];
  let text = sql.replace(
    TARGET_WITH_CATALOG,
    (_match: string, keyword: string, space: string, catalog: string, schema: string) => {
      const folded = `\`${unquote(catalog)}.${unquote(schema)}\``;
      const padding = " ".repeat(Math.max(0, catalog.length + schema.length + 1 - folded.length));
      adaptations.push(
        `checked ${catalog}.${schema}.… after ${keyword.replace(/\s+/g, " ").toUpperCase()} as ${folded}.…: ` +
          "dt-sql-parser's Spark grammar allows at most two name parts there",
      );
      return `${keyword}${space}${folded}${padding}.`;
    },
  );
  if (CREATE_TABLE.test(text)) {
    text = text.replace(CLUSTER_BY, (_match: string, space: string) => {
      adaptations.push(
        "checked CLUSTER BY (…) as PARTITIONED BY (…): dt-sql-parser's Spark grammar has no " +
          "liquid clustering clause in CREATE TABLE",
      );
      return `PARTITIONED BY${space}(`;
    });
  }
  return { sql: text, adaptations };
}

/** `a``b` → a`b */
export function unquote(identifier: string): string {
  return identifier.startsWith("`") && identifier.endsWith("`") && identifier.length >= 2
    ? identifier.slice(1, -1).replace(/``/g, "`")
    : identifier;
}

function countStatements(tree: ParseTree): number {
  // program: singleStatement* EOF
  const children = (tree as ParserRuleContext).children ?? [];
  const { ruleNames } = loadSparkParser();
  return children.filter(
    (child) =>
      "ruleIndex" in child &&
      ruleNames[(child as ParserRuleContext).ruleIndex] === "singleStatement",
  ).length;
}
