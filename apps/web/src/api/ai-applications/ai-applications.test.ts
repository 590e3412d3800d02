import { describe, expect, it } from "vitest";
import { modelApplication, modelVersions } from "../../testing/msw/ai-application-fixtures.ts";
import { aiApplicationsQueryOptions, BUILDING_POLL_MS, type AiApplicationList } from "./ai-applications.ts";

function intervalFor(data: AiApplicationList | undefined): number | false | undefined {
  const { refetchInterval } = aiApplicationsQueryOptions();
  if (typeof refetchInterval !== "function") return refetchInterval;
  return refetchInterval({ state: { data } } as Parameters<typeof refetchInterval>[0]);
}

describe("AI applications list polling", () => {
  it("polls every 2 s while any version is Building", () => {
    expect(intervalFor({ items: [modelApplication([modelVersions.normal, modelVersions.building])] })).toBe(BUILDING_POLL_MS);
    expect(BUILDING_POLL_MS).toBe(2_000);
  });

  it("stops once no version is Building (Normal and Failed are final)", () => {
    expect(intervalFor({ items: [modelApplication([modelVersions.normal, modelVersions.failed])] })).toBe(false);
    expect(intervalFor({ items: [] })).toBe(false);
    expect(intervalFor(undefined)).toBe(false);
  });
});
