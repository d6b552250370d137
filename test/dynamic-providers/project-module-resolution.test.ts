import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProjectModule } from "../../dynamic-providers/project-module";

/**
 * The serialized provider runs `loadProjectModule` by value in the provider host, whose cwd is
 * the program's directory. Run its text the same way (a plain Node process, no Jest, no ts-node)
 * from a consumer's directory and from two checkouts at different paths.
 */
function runSerialized(cwd: string, relativePath: string): string {
  const script = `const load = ${loadProjectModule.toString()};
process.stdout.write(String(load(${JSON.stringify(relativePath)}).implementation.where));`;
  return execFileSync(process.execPath, ["-e", script], { cwd, encoding: "utf8" });
}

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

describe("loadProjectModule, as the provider host runs it", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "project-module-"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const impl = "dynamic-providers/payload-table-ready-impl";

  it("loads the installed package's compiled implementation from a consumer's directory", () => {
    const consumer = path.join(root, "consumer");
    const installed = path.join(consumer, "node_modules", "model-monitoring");
    write(
      path.join(installed, "package.json"),
      JSON.stringify({ name: "model-monitoring", exports: { "./package.json": "./package.json" } }),
    );
    write(
      path.join(installed, "dist", `${impl}.js`),
      'exports.implementation = { where: "installed" };',
    );
    write(path.join(consumer, "index.js"), "");
    expect(runSerialized(consumer, impl)).toBe("installed");
  });

  it("loads the checkout's own implementation from whichever path it is checked out at", () => {
    for (const checkout of ["a/model-monitoring", "b/elsewhere"]) {
      const dir = path.join(root, checkout);
      write(
        path.join(dir, `${impl}.js`),
        `exports.implementation = { where: ${JSON.stringify(checkout)} };`,
      );
      expect(runSerialized(dir, impl)).toBe(checkout);
    }
  });
});
