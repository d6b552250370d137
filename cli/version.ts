import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The version in the project's package.json, read when asked: the CLI runs from the sources
 * (tests, ts-jest) and from dist/, so the file is looked for upwards from here.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const { name, version } = JSON.parse(fs.readFileSync(file, "utf8")) as {
        name?: string;
        version?: string;
      };
      if (name === "model-monitoring" && version) return version;
    }
    if (path.dirname(dir) === dir) return "unknown";
  }
}
