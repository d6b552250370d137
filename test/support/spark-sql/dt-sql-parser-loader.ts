import * as fs from "node:fs";
import * as path from "node:path";
import type { SparkSQL } from "dt-sql-parser";

/**
 * Loads dt-sql-parser's Spark SQL parser into this CommonJS project.
 *
 * Why a loader: dt-sql-parser 4.5.1 publishes ES module syntax in `.js` files with
 * extensionless and directory imports (`from '../../../sql/parser'`), meant for bundlers. Node's
 * `require` and `import()` both reject it (ERR_UNSUPPORTED_DIR_IMPORT), and jest (CommonJS,
 * node_modules untransformed) fails with "Must use import to load ES Module". Its dependency
 * antlr4-c3 ships only an `.mjs` file.
 *
 * So this reads just the files the Spark parser needs (about 20 of them), converts each from
 * ES module to CommonJS syntax with TypeScript's transpileModule, and evaluates it with a small
 * module table that resolves the bundler-style paths. antlr4ng, which does ship CommonJS, is
 * loaded normally. Nothing is written to disk. Cost: about 1.5 s once per process.
 *
 * Dev and test only: it needs the `typescript` and `dt-sql-parser` dev dependencies.
 */

export interface LoadedSparkParser {
  SparkSQL: new () => SparkSQL;
  /** Rule names indexed by a parse-tree node's ruleIndex. */
  ruleNames: readonly string[];
}

let loaded: LoadedSparkParser | undefined;

export function loadSparkParser(): LoadedSparkParser {
  if (loaded) return loaded;
  const root = path.dirname(require.resolve("dt-sql-parser/package.json"));
  const modules = new EsmAsCommonJs({
    antlr4ng: () => require("antlr4ng") as unknown,
    "antlr4-c3": (self) =>
      self.load(
        path.join(path.dirname(require.resolve("antlr4-c3/package.json")), "lib/index.mjs"),
      ),
  });
  const spark = modules.load(path.join(root, "dist/parser/spark/index.js")) as {
    SparkSQL?: new () => SparkSQL;
  };
  const grammar = modules.load(path.join(root, "dist/lib/spark/SparkSqlParser.js")) as {
    SparkSqlParser?: { ruleNames?: string[] };
  };
  const ruleNames = grammar.SparkSqlParser?.ruleNames;
  if (!spark.SparkSQL || !ruleNames) {
    throw new Error("dt-sql-parser layout changed: SparkSQL or SparkSqlParser.ruleNames not found");
  }
  loaded = { SparkSQL: spark.SparkSQL, ruleNames };
  return loaded;
}

type External = (self: EsmAsCommonJs) => unknown;

/** A minimal module table for ES module files evaluated as CommonJS. */
class EsmAsCommonJs {
  private readonly cache = new Map<string, { exports: unknown }>();

  constructor(private readonly externals: Readonly<Record<string, External>>) {}

  load(file: string): unknown {
    const cached = this.cache.get(file);
    if (cached) return cached.exports;
    const module = { exports: {} as unknown };
    this.cache.set(file, module); // before evaluating, so import cycles see the partial exports
    const ts = require("typescript") as typeof import("typescript");
    const code = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      // A .js name so TypeScript converts `.mjs` content to CommonJS too.
      fileName: file.replace(/\.mjs$/, ".js"),
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
    }).outputText;
    const requireFromFile = (specifier: string): unknown => this.require(specifier, file);
    // new Function (not vm) so the code runs in the caller's realm: under jest, classes from
    // antlr4ng (loaded by jest) and from these files then share the same globals.
    const evaluate = new Function("require", "module", "exports", code) as (
      r: (s: string) => unknown,
      m: { exports: unknown },
      e: unknown,
    ) => void;
    evaluate(requireFromFile, module, module.exports);
    return module.exports;
  }

  private require(specifier: string, fromFile: string): unknown {
    const external = this.externals[specifier];
    if (external) return external(this);
    if (!specifier.startsWith(".")) {
      throw new Error(`unexpected import ${JSON.stringify(specifier)} in ${fromFile}`);
    }
    const base = path.resolve(path.dirname(fromFile), specifier);
    for (const candidate of [base, `${base}.js`, path.join(base, "index.js")]) {
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return this.load(candidate);
    }
    throw new Error(`cannot resolve ${JSON.stringify(specifier)} from ${fromFile}`);
  }
}
