import { describe, expect, it } from "vitest";
import { SERVICE_STATES, canDelete, canStart, canStop, transitionRefusal } from "./service-states.ts";

describe("service state transitions", () => {
  it("allows stop from Running, Concerning and Abnormal only", () => {
    expect(SERVICE_STATES.filter(canStop)).toEqual(["Running", "Concerning", "Abnormal"]);
  });
  it("allows start from Abnormal, Failed and Stopped only", () => {
    expect(SERVICE_STATES.filter(canStart)).toEqual(["Abnormal", "Failed", "Stopped"]);
  });
  it("allows delete from every state", () => {
    expect(SERVICE_STATES.every(canDelete)).toBe(true);
    for (const s of SERVICE_STATES) expect(transitionRefusal("delete", s)).toBeNull();
  });
  it("explains a refused transition", () => {
    expect(transitionRefusal("stop", "Deploying")).toBe(
      "Stop is allowed only from Running, Concerning or Abnormal; this service is Deploying.",
    );
    expect(transitionRefusal("start", "Running")).toBe(
      "Start is allowed only from Stopped, Failed or Abnormal; this service is Running.",
    );
    expect(transitionRefusal("stop", "Running")).toBeNull();
  });
});
