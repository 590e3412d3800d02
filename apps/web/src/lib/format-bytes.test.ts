import { describe, expect, it } from "vitest";
import { formatUploadedOf } from "./format-bytes.ts";

describe("formatUploadedOf", () => {
  it("says an upload's progress in mebibytes", () => {
    expect(formatUploadedOf(12.3 * 1024 * 1024, 40 * 1024 * 1024)).toBe("12.3 of 40.0 MiB");
  });
});
