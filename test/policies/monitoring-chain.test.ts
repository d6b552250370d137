import { mentionedNames } from "../../policies/monitoring-chain";

describe("mentionedNames", () => {
  const mentions = (sql: string, table: string) => mentionedNames(sql).includes(table);

  it("finds a table named whole, in any case, with or without backticks", () => {
    expect(
      mentions("SELECT * FROM ML.Inference.churn_processed", "ml.inference.churn_processed"),
    ).toBe(true);
    expect(
      mentions("FROM `ml`.`inference`.`churn-model_payload` p", "ml.inference.churn-model_payload"),
    ).toBe(true);
  });

  it("finds a table that qualifies a column", () => {
    expect(mentions("WHERE ml.x.t.request_time > now()", "ml.x.t")).toBe(true);
  });

  it("does not take part of a longer name for the table", () => {
    expect(mentions("FROM ml.x.t_backup", "ml.x.t")).toBe(false);
    expect(mentions("FROM other.ml.x.t", "ml.x.t")).toBe(false);
  });

  it("ignores tokens with stray dots", () => {
    expect(mentionedNames("SELECT a..b, x., .5 FROM t")).toEqual(["select", "from", "t"]);
  });
});
