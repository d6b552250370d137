import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Loads the demo's entry (TypeScript, test code) from the checkout into the running CLI.
 *
 * - Test-side files (test/, demo/) are transpiled one at a time with the project's `typescript`
 *   (like `isolatedModules`; no type checking), and cached by content under
 *   node_modules/.cache, so only the first demo after a change pays for it.
 * - Production files they import (cli/, config/, sql/, ...) come from the compiled copy the CLI
 *   is running from, when it has them: one copy of the CLI in the process, and no transpiling
 *   of what `npm run build` already compiled.
 *
 * Under Jest (or any loader that already handles .ts), Node's module hooks are not used and
 * this only requires the entry.
 */

interface ModuleInternals {
  _extensions: Record<string, unknown>;
  _resolveFilename(request: string, parent: unknown, ...rest: unknown[]): string;
}

const TEST_SIDE = ["test", "demo"];

export function loadDemoEntry(checkout: string, entry: string, runningRoot: string): unknown {
  const Module = require("node:module") as unknown as ModuleInternals;
  if (".ts" in Module._extensions) return require(path.join(checkout, entry));

  const typescript = require.resolve("typescript", { paths: [checkout] });
  const version = (
    JSON.parse(
      fs.readFileSync(path.join(path.dirname(typescript), "..", "package.json"), "utf8"),
    ) as { version: string }
  ).version;
  // Loaded only on a cache miss: typescript alone takes about a second to load.
  let ts: typeof import("typescript") | undefined;
  const compiler = {
    version,
    load: () => (ts ??= require(typescript) as typeof import("typescript")),
  };
  const cacheDir = path.join(checkout, "node_modules", ".cache", "model-monitoring-demo");
  Module._extensions[".ts"] = (
    module: { _compile(code: string, file: string): void },
    file: string,
  ) => {
    module._compile(transpiled(compiler, file, cacheDir), file);
  };
  const resolve = Module._resolveFilename;
  if (path.resolve(runningRoot) !== path.resolve(checkout)) {
    Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]) {
      const resolved = resolve.call(this, request, parent, ...rest);
      const relative = path.relative(checkout, resolved);
      if (!resolved.endsWith(".ts") || relative.startsWith("..")) return resolved;
      if (TEST_SIDE.includes(relative.split(path.sep)[0] ?? "")) return resolved;
      const compiled = path.join(runningRoot, relative.replace(/\.ts$/, ".js"));
      return fs.existsSync(compiled) ? compiled : resolved;
    };
  }
  return require(path.join(checkout, entry));
}

/** The file as CommonJS, from the cache when its content, path and TypeScript are the same. */
function transpiled(
  compiler: { version: string; load(): typeof import("typescript") },
  file: string,
  cacheDir: string,
): string {
  const source = fs.readFileSync(file, "utf8");
  const key = crypto
    .createHash("sha256")
    .update(`${compiler.version}\0${file}\0${source}`)
    .digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // Not cached yet.
  }
  const ts = compiler.load();
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const temporary = `${cached}.${process.pid}`;
    fs.writeFileSync(temporary, outputText);
    fs.renameSync(temporary, cached);
  } catch {
    // A read-only checkout: transpile again next time.
  }
  return outputText;
}
