import type { ParserRuleContext, ParseTree } from "antlr4ng";
import { parseDatabricksSqlTree, unquote } from "./spark-parse";

/**
 * Which tables and columns a statement names, read from its Spark SQL parse tree, so tests can
 * assert that generated SQL only references columns that exist (a misspelt column in a
 * generated MERGE would otherwise surface only on a real warehouse).
 */

export interface TableReference {
  /** Unquoted parts joined by dots, e.g. `main.ml.churn_payload` or a CTE name. */
  name: string;
  alias: string | null;
}

export interface SqlColumnUsage {
  tables: TableReference[];
  /** Every column reference (expressions, ON, SET targets), unquoted parts. */
  columnReferences: string[][];
  /** Column list of MERGE … WHEN NOT MATCHED THEN INSERT (…). */
  insertColumns: string[];
  /** Expressions of its VALUES (…), as source text without spaces. */
  insertValues: string[];
  /** Column names defined by CREATE TABLE. */
  createColumns: string[];
  /** PARTITIONED BY columns (CLUSTER BY columns, after the grammar adaptation). */
  partitionColumns: string[];
  /**
   * Output columns of relations the statement defines itself: CTEs (by name, when every
   * select item has a name) and lateral views (by alias).
   */
  derivedColumns: Record<string, string[]>;
}

export function collectColumnUsage(sql: string): SqlColumnUsage {
  const { tree, ruleNames } = parseDatabricksSqlTree(sql);
  const rule = (node: ParseTree | null | undefined): string | undefined =>
    node && "ruleIndex" in node ? ruleNames[(node as ParserRuleContext).ruleIndex] : undefined;
  const usage: SqlColumnUsage = {
    tables: [],
    columnReferences: [],
    insertColumns: [],
    insertValues: [],
    createColumns: [],
    partitionColumns: [],
    derivedColumns: {},
  };

  const visit = (node: ParserRuleContext): void => {
    const name = rule(node);
    const parent = node.parent;
    const parentRule = rule(parent);
    if (name === "multipartIdentifier") {
      const parts = identifierParts(node, rule);
      if (
        parentRule === "columnNamePath" ||
        parentRule === "assignment" ||
        (parentRule === "multipartIdentifierAllowEmpty" && rule(parent?.parent) === "columnName")
      ) {
        usage.columnReferences.push(parts);
      } else if (
        parentRule === "multipartIdentifierList" &&
        rule(parent?.parent) === "notMatchedAction"
      ) {
        usage.insertColumns.push(parts.join("."));
      }
    } else if (
      name === "tableName" ||
      name === "tableNameCreate" ||
      (name === "identifierReference" && parentRule === "relationPrimary")
    ) {
      usage.tables.push({
        name: identifierParts(node, rule).join("."),
        alias: aliasAfter(node, rule),
      });
    } else if (name === "columnNameCreate") {
      usage.createColumns.push(identifierParts(node, rule).join("."));
    } else if (name === "notMatchedAction") {
      usage.insertValues.push(
        ...childrenWithRule(node, "expression", rule).map((e) => e.getText()),
      );
    } else if (name === "partitionField") {
      usage.partitionColumns.push(unquote(node.getText()));
    } else if (name === "namedQuery") {
      const cteName = childrenWithRule(node, "errorCapturingIdentifier", rule)[0];
      const columns = selectOutputNames(node, rule);
      if (cteName && columns)
        usage.derivedColumns[identifierParts(cteName, rule).join(".")] = columns;
    } else if (name === "lateralView") {
      const alias = childrenWithRule(node, "tableAlias", rule)[0];
      const columns = childrenWithRule(node, "identifier", rule).map((c) => unquote(c.getText()));
      if (alias) usage.derivedColumns[unquote(alias.getText())] = columns;
    }
    for (const child of node.children ?? []) {
      if ("ruleIndex" in child) visit(child as ParserRuleContext);
    }
  };
  visit(tree);
  return usage;
}

export interface KnownColumns {
  /** Physical tables by lower-case `catalog.schema.table`, with their columns. */
  tables: Readonly<Record<string, readonly string[]>>;
  /** Qualifiers that name a subquery or CTE (e.g. a MERGE source alias), with its columns. */
  aliases?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Problems with a statement's references, one message each: a multi-part table name that is
 * not known, an alias bound to two tables, or `qualifier.column` where the qualifier resolves
 * to a known table, a given alias, a CTE or a lateral view that has no such column.
 * Qualifiers that resolve to nothing known (struct fields, lambda variables) are not judged.
 * Names compare case-insensitively, as Databricks does.
 */
export function unknownColumnReferences(usage: SqlColumnUsage, known: KnownColumns): string[] {
  const problems: string[] = [];
  const tables = lowerKeys(known.tables);
  const aliases = lowerKeys(known.aliases ?? {});
  const derived = lowerKeys(usage.derivedColumns);
  const aliasTable = new Map<string, string>();
  for (const table of usage.tables) {
    const name = table.name.toLowerCase();
    if (name.includes(".") && !tables.has(name)) problems.push(`unknown table ${table.name}`);
    if (table.alias === null) continue;
    const alias = table.alias.toLowerCase();
    const previous = aliasTable.get(alias);
    if (previous !== undefined && previous !== name) {
      problems.push(`alias ${table.alias} names both ${previous} and ${table.name}`);
    }
    aliasTable.set(alias, name);
  }
  for (const parts of usage.columnReferences) {
    const [qualifier, column] = parts;
    if (qualifier === undefined || column === undefined) continue;
    const key = qualifier.toLowerCase();
    const tableName = aliasTable.get(key) ?? key;
    const columns = aliases.get(key) ?? tables.get(tableName) ?? derived.get(tableName);
    if (columns === undefined) continue;
    if (!columns.some((c) => c.toLowerCase() === column.toLowerCase())) {
      problems.push(`${qualifier}.${column}: no column ${column} in ${tableName ?? qualifier}`);
    }
  }
  return problems;
}

type RuleOf = (node: ParseTree | null | undefined) => string | undefined;

/** The unquoted name parts under a name node, in order. */
function identifierParts(node: ParserRuleContext, rule: RuleOf): string[] {
  const parts: string[] = [];
  const walk = (current: ParserRuleContext): void => {
    if (rule(current) === "errorCapturingIdentifier") {
      // errorCapturingIdentifier: identifier errorCapturingIdentifierExtra
      const identifier = current.children?.[0];
      if (identifier) parts.push(unquote(identifier.getText()));
      return;
    }
    for (const child of current.children ?? []) {
      if ("ruleIndex" in child) walk(child as ParserRuleContext);
    }
  };
  walk(node);
  return parts;
}

function childrenWithRule(
  node: ParserRuleContext,
  name: string,
  rule: RuleOf,
): ParserRuleContext[] {
  return (node.children ?? []).filter((c) => rule(c) === name) as ParserRuleContext[];
}

/**
 * Output column names of a CTE's first SELECT: each item's alias, else the last part of a
 * plain column reference. Undefined when an item has neither (or is `*`): names unknown.
 */
function selectOutputNames(namedQuery: ParserRuleContext, rule: RuleOf): string[] | undefined {
  let sequence: ParserRuleContext | undefined;
  const find = (node: ParserRuleContext): void => {
    if (sequence) return;
    if (rule(node) === "namedExpressionSeq") {
      sequence = node;
      return;
    }
    for (const child of node.children ?? []) {
      if ("ruleIndex" in child) find(child as ParserRuleContext);
    }
  };
  const query = childrenWithRule(namedQuery, "query", rule)[0];
  if (!query) return undefined;
  find(query);
  if (!sequence) return undefined;
  const names: string[] = [];
  for (const item of childrenWithRule(sequence, "namedExpression", rule)) {
    const alias = childrenWithRule(item, "errorCapturingIdentifier", rule)[0];
    const literal = childrenWithRule(item, "selectLiteralColumnName", rule)[0];
    if (alias) names.push(identifierParts(alias, rule).join("."));
    else if (literal) {
      const last = identifierParts(literal, rule).at(-1);
      if (last === undefined) return undefined;
      names.push(last);
    } else return undefined;
  }
  return names;
}

/** The tableAlias right after a table name (FROM t AS a, MERGE INTO t AS a). */
function aliasAfter(node: ParserRuleContext, rule: RuleOf): string | null {
  const siblings = node.parent?.children ?? [];
  const next = siblings[siblings.indexOf(node) + 1];
  if (rule(next) !== "tableAlias") return null;
  const strict = ((next as ParserRuleContext).children ?? []).find(
    (child) => rule(child) === "strictIdentifier",
  );
  return strict ? unquote(strict.getText()) : null;
}

function lowerKeys(
  record: Readonly<Record<string, readonly string[]>>,
): Map<string, readonly string[]> {
  return new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}
