import { describe, expect, it } from "vitest";
import { formatBytes, formatUploadedOf } from "./format-bytes.ts";

describe("formatBytes", () => {
  it("says sizes in the unit a person reads", () => {
    expect(formatBytes(900)).toBe("900 B");
    expect(formatBytes(524_288)).toBe("512 KB");
    expect(formatBytes(1_258_291)).toBe("1.2 MB");
    expect(formatBytes(512 * 1024 * 1024)).toBe("512 MB");
  });

  it("says an upload's progress in megabytes", () => {
    expect(formatUploadedOf(12.3 * 1024 * 1024, 40 * 1024 * 1024)).toBe("12.3 of 40.0 MB");
  });
});
