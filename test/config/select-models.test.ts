import { isSelected } from "../../config/select-models";

describe("a stack's model selection", () => {
  const model = { name: "fraud-card", group: "payments", team: "risk" };

  it("holds every model without a selection", () => {
    expect(isSelected(undefined, model)).toBe(true);
  });

  it("matches names and globs", () => {
    expect(isSelected({ models: ["fraud-*"] }, model)).toBe(true);
    expect(isSelected({ models: ["fraud-card"] }, model)).toBe(true);
    expect(isSelected({ models: ["fraud"] }, model)).toBe(false);
    expect(isSelected({ models: ["*-card", "x"] }, model)).toBe(true);
  });

  it("requires every criterion given", () => {
    expect(isSelected({ groups: ["payments"], teams: ["risk"] }, model)).toBe(true);
    expect(isSelected({ groups: ["payments"], teams: ["growth"] }, model)).toBe(false);
    expect(isSelected({ teams: ["risk"] }, { name: "no-team" })).toBe(false);
  });
});
