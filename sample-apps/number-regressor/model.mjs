// @ts-check
/**
 * Ordinary least squares linear regression (normal equations, solved by Gaussian elimination
 * with partial pivoting) predicting delivery time in minutes.
 *
 * Versions:
 * - 1.x: minutes ~ 1 + distanceKm + items + rushHour.
 * - 2.x and later: adds an interaction distanceKm * rushHour (rush hour slows every kilometre).
 */
import { readCsvRecords } from "../csv-table.mjs";

const DATA_FILE = new URL("./data/deliveries.csv", import.meta.url);

export const FEATURE_NAMES = /** @type {const} */ (["distanceKm", "items", "rushHour"]);

/** @typedef {{ distanceKm: number, items: number, rushHour: number }} DeliveryFeatures */
/** @typedef {DeliveryFeatures & { minutes: number }} DeliveryRow */

/** @returns {DeliveryRow[]} */
export function loadDeliveries() {
  return readCsvRecords(DATA_FILE).map((r) => ({
    distanceKm: Number(r.distance_km),
    items: Number(r.items),
    rushHour: Number(r.rush_hour),
    minutes: Number(r.minutes),
  }));
}

/**
 * @param {number[][]} a
 * @returns {number[][]}
 */
export function transpose(a) {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/**
 * @param {number[][]} a
 * @param {number[][]} b
 * @returns {number[][]}
 */
export function multiply(a, b) {
  const n = a.length;
  const m = b[0].length;
  const k = b.length;
  /** @type {number[][]} */
  const out = Array.from({ length: n }, () => new Array(m).fill(0));
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i][p];
      for (let j = 0; j < m; j++) out[i][j] += aip * b[p][j];
    }
  }
  return out;
}

/**
 * Solves A x = b (A square) by Gaussian elimination with partial pivoting.
 * @param {number[][]} a
 * @param {number[]} b
 * @returns {number[]}
 */
export function solve(a, b) {
  const n = a.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) throw new Error("singular matrix: features are linearly dependent");
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = col + 1; r < n; r++) {
      const factor = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= factor * m[col][c];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r][n];
    for (let c = r + 1; c < n; c++) sum -= m[r][c] * x[c];
    x[r] = sum / m[r][r];
  }
  return x;
}

/**
 * Design-matrix row for a version.
 * @param {DeliveryFeatures} f
 * @param {number} major
 * @returns {number[]}
 */
function designRow(f, major) {
  const row = [1, f.distanceKm, f.items, f.rushHour];
  if (major >= 2) row.push(f.distanceKm * f.rushHour);
  return row;
}

/**
 * Fits beta = (X^T X)^-1 X^T y.
 * @param {string} version
 * @param {DeliveryRow[]} [rows]
 */
export function fitForVersion(version, rows = loadDeliveries()) {
  const parsed = Number.parseInt(String(version).replace(/^v/i, ""), 10);
  const major = Number.isFinite(parsed) ? parsed : 1;
  const x = rows.map((r) => designRow(r, major));
  const xt = transpose(x);
  const xtx = multiply(xt, x);
  const xty = multiply(xt, rows.map((r) => [r.minutes])).map((r) => r[0]);
  const coefficients = solve(xtx, xty);
  /** @param {DeliveryFeatures} f */
  const predict = (f) => designRow(f, major).reduce((sum, v, i) => sum + v * coefficients[i], 0);
  const residuals = rows.map((r) => r.minutes - predict(r));
  const rmse = Math.sqrt(residuals.reduce((s, e) => s + e * e, 0) / rows.length);
  return { coefficients, predict, rmse, rowCount: rows.length };
}
