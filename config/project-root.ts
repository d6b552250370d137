import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The folder holding Pulumi.yaml. Found by walking up, because the code runs both from the
 * sources (Pulumi's TypeScript runtime, jest) and from the compiled copy in dist/.
 */
export function projectRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no Pulumi.yaml found above ${start}`);
    dir = parent;
  }
}
