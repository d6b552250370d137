import { baseModel, baseStack } from "../helpers/fixture-project";
import { onlyProblem, problemsOf } from "../helpers/load";

/** Each bad governance or alias setting gets a problem naming file, key path and what is allowed. */

const withoutVersion = (): Record<string, unknown> => {
  const { version: _v, ...model } = baseModel();
  return model;
};
const grants = (value: unknown) => ({ governance: { registeredModel: { grants: value } } });

describe("alias names", () => {
  it.each([
    ["latest", /must not be "latest": MLflow reserves it/],
    ["Latest", /must not be "latest"/],
    ["v3", /must not look like a version reference/],
    ["V12", /must not look like a version reference/],
    ["champion-2", /must be an alias name: a letter or _ followed by letters, digits or _/],
    ["3rd", /must be an alias name/],
  ])("rejects %s", (alias, message) => {
    const p = onlyProblem(problemsOf({ fraud: { ...withoutVersion(), alias } }));
    expect(p).toMatchObject({ file: "models/fraud.yaml", path: "alias" });
    expect(p.message).toMatch(message);
    expect(p.message).toMatch(new RegExp(`got "${alias}"`));
  });

  it("checks aliases of served entities and of stack overrides too", () => {
    const served = [
      { name: "champion", alias: "champion", trafficPercentage: 90 },
      { name: "challenger", alias: "latest", trafficPercentage: 10 },
    ];
    expect(onlyProblem(problemsOf({ fraud: { ...withoutVersion(), served } })).path).toBe(
      "served[1].alias",
    );
    const stack = baseStack({ models: { fraud: { alias: "v2" } } });
    expect(onlyProblem(problemsOf({ fraud: baseModel() }, stack))).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:models.fraud.alias",
    });
  });

  it("accepts champion, challenger and snake_case aliases", () => {
    for (const alias of ["champion", "challenger", "shadow_2025", "_canary", "version"]) {
      expect(problemsOf({ fraud: { ...withoutVersion(), alias } })).toEqual([]);
    }
  });
});

describe("version and alias", () => {
  it("refuses both in the model file, naming the alias key", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel({ alias: "champion" }) }));
    expect(p).toEqual({
      file: "models/fraud.yaml",
      path: "alias",
      message: "give either version or alias, not both",
    });
  });

  it("refuses both in one stack override, naming the stack file", () => {
    const stack = baseStack({ models: { fraud: { version: "4", alias: "champion" } } });
    expect(onlyProblem(problemsOf({ fraud: baseModel() }, stack))).toEqual({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:models.fraud.alias",
      message: "give either version or alias, not both",
    });
  });

  it("refuses both on one served entity", () => {
    const served = [{ name: "champion", version: "3", alias: "champion", trafficPercentage: 100 }];
    const p = onlyProblem(problemsOf({ fraud: { ...withoutVersion(), served } }));
    expect(p).toMatchObject({ path: "served[0]", message: "give exactly one of version or alias" });
  });

  it("lets a stack replace the model's version with an alias without a conflict", () => {
    expect(
      problemsOf({ fraud: baseModel() }, baseStack({ models: { fraud: { alias: "champion" } } })),
    ).toEqual([]);
  });
});

describe("grant privileges", () => {
  it("accepts only what Unity Catalog takes on a registered model, and lists it", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel(grants({ "ml-engineers": ["SELECT"] })) }));
    expect(p).toMatchObject({
      file: "models/fraud.yaml",
      path: "governance.registeredModel.grants.ml-engineers[0]",
    });
    expect(p.message).toBe(
      'expected one of "ALL_PRIVILEGES" | "APPLY_TAG" | "CREATE_MODEL_VERSION" | "EXECUTE" | "MANAGE", got "SELECT"',
    );
  });

  it("rejects space-separated SQL spellings", () => {
    const p = onlyProblem(
      problemsOf({ fraud: baseModel(grants({ "ml-engineers": ["APPLY TAG"] })) }),
    );
    expect(p.message).toMatch(/got "APPLY TAG"/);
  });

  it("rejects a privilege listed twice and ALL_PRIVILEGES next to others", () => {
    const twice = onlyProblem(
      problemsOf({ fraud: baseModel(grants({ a: ["EXECUTE", "EXECUTE"] })) }),
    );
    expect(twice).toMatchObject({
      path: "governance.registeredModel.grants.a",
      message: "lists EXECUTE twice",
    });
    const all = onlyProblem(
      problemsOf({ fraud: baseModel(grants({ a: ["ALL_PRIVILEGES", "EXECUTE"] })) }),
    );
    expect(all.message).toBe(
      "ALL_PRIVILEGES already includes every other privilege; give it alone",
    );
  });

  it("expects a list of privileges per principal", () => {
    const p = onlyProblem(problemsOf({ fraud: baseModel(grants({ "ml-engineers": "EXECUTE" })) }));
    expect(p).toMatchObject({
      path: "governance.registeredModel.grants.ml-engineers",
      message: 'expected array, got "EXECUTE"; write a list, e.g. ["EXECUTE"]',
    });
  });
});

describe("principals", () => {
  it.each([
    [" ml-engineers", /without leading or trailing spaces/],
    [
      "ml`engineers",
      /must be a user email, a service principal application id \(UUID\) or a group name/,
    ],
    ["jane@example", /not an email address like name@example.com/],
    ["", /without leading or trailing spaces/],
  ])("rejects grantee %j", (principal, message) => {
    const p = onlyProblem(problemsOf({ fraud: baseModel(grants({ [principal]: ["EXECUTE"] })) }));
    expect(p).toMatchObject({
      file: "models/fraud.yaml",
      path: "governance.registeredModel.grants",
    });
    expect(p.message).toMatch(
      new RegExp(`^principal "${principal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}" `),
    );
    expect(p.message).toMatch(message);
  });

  it("rejects a bad owner in the stack file and a bad experiment principal", () => {
    const stack = baseStack({
      governance: {
        registeredModel: { owner: "ml engineers!" },
        experiment: { permissions: { "bad@": "CAN_READ" } },
      },
    });
    const problems = problemsOf({ fraud: baseModel() }, stack);
    expect(problems.map((p) => p.path).sort()).toEqual([
      "model-monitoring:governance.experiment.permissions",
      "model-monitoring:governance.registeredModel.owner",
    ]);
    expect(problems.find((p) => p.path.endsWith("owner"))?.message).toMatch(/got "ml engineers!"/);
  });
});

describe("experiment settings", () => {
  it("rejects a permission level experiments do not have", () => {
    const stack = baseStack({
      governance: { experiment: { permissions: { "ml-engineers": "CAN_QUERY" } } },
    });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack));
    expect(p).toMatchObject({
      path: "model-monitoring:governance.experiment.permissions.ml-engineers",
    });
    expect(p.message).toBe(
      'expected one of "CAN_READ" | "CAN_EDIT" | "CAN_MANAGE", got "CAN_QUERY"',
    );
  });

  it.each(["/Workspace/Shared/ml", "Shared/ml", "/Shared/ml/", "/Repos/ml", "/Shared//ml"])(
    "rejects the root %s",
    (root) => {
      const p = onlyProblem(
        problemsOf({ fraud: baseModel() }, baseStack({ governance: { experiment: { root } } })),
      );
      expect(p.path).toBe("model-monitoring:governance.experiment.root");
      expect(p.message).toMatch(/under \/Shared or \/Users\/<user>, without \/Workspace/);
    },
  );

  it("accepts roots under /Shared and a user's home", () => {
    for (const root of [
      "/Shared/ml",
      "/Shared/ML Team/experiments",
      "/Users/jane.doe@example.com/experiments",
    ]) {
      expect(
        problemsOf({ fraud: baseModel() }, baseStack({ governance: { experiment: { root } } })),
      ).toEqual([]);
    }
  });

  it("takes an existing experiment's id only from the stack's per-model override", () => {
    const stack = baseStack({ governance: { experiment: { adoptId: "4242" } } });
    const p = onlyProblem(problemsOf({ fraud: baseModel() }, stack));
    expect(p).toMatchObject({
      file: "Pulumi.dev.yaml",
      path: "model-monitoring:governance.experiment.adoptId",
    });
    expect(p.message).toMatch(
      /under model-monitoring:models\.fraud\.governance\.experiment\.adoptId/,
    );
    const inModelFile = onlyProblem(
      problemsOf({ fraud: baseModel({ governance: { experiment: { adoptId: "4242" } } }) }),
    );
    expect(inModelFile).toMatchObject({
      file: "models/fraud.yaml",
      path: "governance.experiment.adoptId",
    });
  });

  it("rejects an experiment id that is not a number", () => {
    const stack = baseStack({
      models: { fraud: { governance: { experiment: { adoptId: "abc" } } } },
    });
    expect(onlyProblem(problemsOf({ fraud: baseModel() }, stack)).message).toMatch(
      /must be an MLflow experiment id: digits only/,
    );
  });
});

describe("registered model settings", () => {
  it("rejects a catalog that is not an identifier and unknown keys, with the allowed ones", () => {
    const stack = baseStack({
      governance: { registeredModel: { catalog: "ml-prod", owners: "x" } },
    });
    const problems = problemsOf({ fraud: baseModel() }, stack);
    expect(problems.map((p) => p.path).sort()).toEqual([
      "model-monitoring:governance.registeredModel",
      "model-monitoring:governance.registeredModel.catalog",
    ]);
    expect(problems.find((p) => p.path.endsWith("registeredModel"))?.message).toMatch(
      /unknown key\(s\) "owners" \(did you mean "owner"\?\); allowed: manage, catalog, comment, owner, adopt, authoritativeGrants, grants/,
    );
  });

  it("reports every governance problem of every file in one run", () => {
    const problems = problemsOf(
      {
        fraud: baseModel({ alias: "champion", ...grants({ a: ["SELECT"] }) }),
        spam: { ...withoutVersion(), alias: "latest" },
      },
      baseStack({ governance: { experiment: { permissions: { b: "OWNER" } } } }),
    );
    // One pass: what the files with schema mistakes also get wrong across layers and models
    // (fraud gives version and alias; spam governs fraud's registered model) shows too.
    expect(problems.map((p) => `${p.file} ${p.path}`).sort()).toEqual([
      "Pulumi.dev.yaml model-monitoring:governance.experiment.permissions.b",
      "models/fraud.yaml alias",
      "models/fraud.yaml governance.registeredModel.grants.a[0]",
      "models/spam.yaml alias",
      "models/spam.yaml registeredModel",
    ]);
  });
});
