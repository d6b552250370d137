import { modelLevelPath, modelLevelPaths } from "../../config/model-level-paths";

describe("key paths as one model sees them", () => {
  it("maps the stack-wide keys to the model keys they set, and only those", () => {
    expect(
      modelLevelPaths(
        [
          "tags.team",
          "failureEmails[0]",
          "schedules.monitor",
          "schedules.timezone",
          "schedules.paused",
          "schedules.alerts",
          "schedules",
          "models.churn.serving.workloadSize",
          "models.fraud.serving.workloadSize",
          "warehouseId",
        ],
        "churn",
      ),
    ).toEqual([
      "serving.tags.team",
      "monitor.failureEmails[0]",
      "monitor.schedule.cron",
      "monitor.schedule.timezone",
      "monitor.schedule.paused",
      "schedules.alerts",
      "monitor.schedule",
      "serving.workloadSize",
      "warehouseId",
    ]);
  });

  it("maps a problem's path in the stack file the same way, and leaves other files alone", () => {
    const inStack = (path: string) => ({ file: "Pulumi.dev.yaml", path, message: "" });
    expect(
      modelLevelPath(inStack("model-monitoring:schedules.monitor"), "Pulumi.dev.yaml", "churn"),
    ).toBe("monitor.schedule.cron");
    expect(modelLevelPath(inStack("model-monitoring:tagsExtra"), "Pulumi.dev.yaml", "churn")).toBe(
      "tagsExtra",
    );
    expect(
      modelLevelPath(
        inStack("model-monitoring:models.churn.monitor.granularities"),
        "Pulumi.dev.yaml",
        "churn",
      ),
    ).toBe("monitor.granularities");
    expect(
      modelLevelPath(
        { file: "models/churn.yaml", path: "serving.tags", message: "" },
        "Pulumi.dev.yaml",
        "churn",
      ),
    ).toBe("serving.tags");
  });
});
