import * as fs from "node:fs";
import { processIo } from "../../../cli/day2/io";
import { main } from "../../../cli/main";
import { fixtureProject } from "../../helpers/fixture-project";

/**
 * `model-monitoring stacks`: the list CI takes its matrix from. Over a project with shards,
 * each stack comes with the environment its file states (else its name), dev, acc, prod first.
 */

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["node", "model-monitoring", "stacks", ...args], {
    ...processIo(),
    stdout: (text: string) => (out += text),
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}

describe("model-monitoring stacks", () => {
  let root: string;
  beforeAll(() => {
    root = fixtureProject(
      {},
      {
        "prod-b": { environment: "prod" },
        dev: {},
        "prod-a": { environment: "prod" },
        acc: {},
        sandbox: {},
      },
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("lists every stack file with its environment, in deploy order", async () => {
    const result = await run(["--root", root, "--json"]);
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(JSON.parse(result.out)).toEqual([
      { stack: "dev", environment: "dev" },
      { stack: "acc", environment: "acc" },
      { stack: "prod-a", environment: "prod" },
      { stack: "prod-b", environment: "prod" },
      { stack: "sandbox", environment: "sandbox" },
    ]);
  });

  it("lists the shards of one environment, as text for a shell loop", async () => {
    const text = await run(["--root", root, "--environment", "prod"]);
    expect(text).toEqual({ code: 0, out: "prod-a prod\nprod-b prod\n", err: "" });
    const json = await run(["--root", root, "-e", "prod", "--json"]);
    expect(JSON.parse(json.out)).toEqual([
      { stack: "prod-a", environment: "prod" },
      { stack: "prod-b", environment: "prod" },
    ]);
  });

  it("takes a stack's environment from its name when the file states none, as the program does", async () => {
    const named = fixtureProject({}, { "prod-eu": {}, dev: {} });
    try {
      const result = await run(["--root", named, "-e", "prod", "--json"]);
      expect(JSON.parse(result.out)).toEqual([{ stack: "prod-eu", environment: "prod" }]);
    } finally {
      fs.rmSync(named, { recursive: true, force: true });
    }
  });

  it("fails on an environment no stack file states (an empty CI matrix is an error)", async () => {
    expect(await run(["--root", root, "-e", "staging", "--json"])).toEqual({
      code: 1,
      out: "no stack file states environment staging\n",
      err: "",
    });
  });
});
