/**
 * Loads a module of this project, by path from the project root, from inside a dynamic
 * provider's method.
 *
 * Why: Pulumi serializes a dynamic provider's code into the state, twice per resource. Methods
 * that capture project code take all of it (and everything it references) along. Methods that
 * call this instead serialize as a few lines, and the code they run is the checked-out code.
 *
 * How it resolves: the serialized provider runs in the `pulumi-resource-pulumi-nodejs` process,
 * whose working directory is the project directory (that is also how the serialized code finds
 * `node_modules`). That process runs JavaScript only: Pulumi registers ts-node for the program,
 * not for providers. So when no TypeScript loader is registered, one is added that transpiles
 * each file with the project's `typescript` (one file at a time, like `isolatedModules`).
 * Under ts-node or Jest the existing loader is used. A consumer's program (the package installed
 * in its node_modules) has no such file under its cwd: the package's dist/ copy is loaded.
 * Either way the state holds only the relative path, so it works from any checkout path.
 *
 * This function is serialized by value with the provider: keep it self-contained.
 */
export function loadProjectModule(relativePath: string): unknown {
  const path = require("node:path") as typeof import("node:path");
  const nodeModule = require("node:module") as { _extensions?: Record<string, unknown> };
  const extensions = nodeModule._extensions;
  if (extensions !== undefined && !(".ts" in extensions)) {
    extensions[".ts"] = (module: { _compile(code: string, file: string): void }, file: string) => {
      const fs = require("node:fs") as typeof import("node:fs");
      const ts = require("typescript") as typeof import("typescript");
      const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
        fileName: file,
        compilerOptions: {
          module: ts.ModuleKind.CommonJS,
          target: ts.ScriptTarget.ES2022,
          esModuleInterop: true,
        },
      });
      module._compile(outputText, file);
    };
  }
  // Our own checkout first (its cwd is the project, whatever its path); otherwise a consumer's
  // program: the installed package, found from the consumer's directory, ships compiled code.
  const local = path.resolve(process.cwd(), relativePath);
  try {
    require.resolve(local);
  } catch {
    const manifest = require.resolve("model-monitoring/package.json", { paths: [process.cwd()] });
    return require(path.join(path.dirname(manifest), "dist", relativePath));
  }
  return require(local);
}
