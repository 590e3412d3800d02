// @ts-check
import { describe, expect, it } from "vitest";
import { fitForVersion, loadDeliveries, multiply, solve, transpose } from "./model.mjs";

describe("matrix helpers", () => {
  it("multiply, transpose and solve a small system", () => {
    expect(transpose([[1, 2, 3], [4, 5, 6]])).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(multiply([[1, 2], [3, 4]], [[5], [6]])).toEqual([[17], [39]]);
    const x = solve([[0, 2, 1], [1, 1, 1], [2, 1, 3]], [7, 6, 13]);
    [1, 2, 3].forEach((v, i) => expect(x[i]).toBeCloseTo(v, 9));
    expect(() => solve([[1, 2], [2, 4]], [1, 2])).toThrow(/singular/);
  });
});

describe("delivery-time regression", () => {
  it("recovers exact coefficients from noiseless data", () => {
    const rows = [];
    for (let i = 0; i < 20; i++) {
      const f = { distanceKm: (i * 7) % 13, items: (i * 3) % 5, rushHour: i % 2 };
      rows.push({ ...f, minutes: 5 + 2 * f.distanceKm + 1.5 * f.items + 4 * f.rushHour });
    }
    const { coefficients } = fitForVersion("1.0.0", rows);
    [5, 2, 1.5, 4].forEach((v, i) => expect(coefficients[i]).toBeCloseTo(v, 6));
  });

  it("fits the delivery data set, v2 (with interaction) fitting better than v1", () => {
    expect(loadDeliveries().length).toBeGreaterThanOrEqual(60);
    const v1 = fitForVersion("1.0.0");
    const v2 = fitForVersion("2.0.0");
    expect(v1.rmse).toBeLessThan(5);
    expect(v2.rmse).toBeLessThan(v1.rmse);
    const near = v1.predict({ distanceKm: 1, items: 1, rushHour: 0 });
    const far = v1.predict({ distanceKm: 10, items: 1, rushHour: 0 });
    expect(far).toBeGreaterThan(near);
  });
});
