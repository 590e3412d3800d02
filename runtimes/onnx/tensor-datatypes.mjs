// @ts-check
/**
 * Element types: ONNX Runtime's names (float32, int64, ...) against the Open Inference Protocol's
 * datatypes (FP32, INT64, ...), and how JSON values become typed arrays and back.
 */

/** @typedef {"FP32" | "FP64" | "INT8" | "INT16" | "INT32" | "INT64" | "UINT8" | "UINT16" | "UINT32" | "UINT64" | "BOOL" | "BYTES"} OipDatatype */

/** @type {Record<string, OipDatatype>} */
const OIP_BY_ORT_TYPE = {
  float32: "FP32",
  float64: "FP64",
  int8: "INT8",
  int16: "INT16",
  int32: "INT32",
  int64: "INT64",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  uint64: "UINT64",
  bool: "BOOL",
  string: "BYTES",
};

const ORT_TYPE_BY_OIP = /** @type {Record<OipDatatype, string>} */ (Object.fromEntries(Object.entries(OIP_BY_ORT_TYPE).map(([ort, oip]) => [oip, ort])));

export const OIP_DATATYPES = /** @type {OipDatatype[]} */ (Object.keys(ORT_TYPE_BY_OIP));

/** Integer ranges of the fixed-width types; a value outside is refused rather than wrapped. */
/** @type {Partial<Record<OipDatatype, [number, number]>>} */
const INTEGER_RANGES = {
  INT8: [-128, 127],
  INT16: [-32768, 32767],
  INT32: [-2147483648, 2147483647],
  INT64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  UINT8: [0, 255],
  UINT16: [0, 65535],
  UINT32: [0, 4294967295],
  UINT64: [0, Number.MAX_SAFE_INTEGER],
};

/**
 * The OIP datatype of an ONNX Runtime element type, or null where JSON cannot carry it (float16...).
 * @param {string} ortType
 * @returns {OipDatatype | null}
 */
export function oipDatatype(ortType) {
  return OIP_BY_ORT_TYPE[ortType] ?? null;
}

/**
 * @param {OipDatatype} datatype
 * @returns {string}
 */
export function ortType(datatype) {
  return ORT_TYPE_BY_OIP[datatype];
}

/**
 * Checks one JSON element against a datatype; returns why it does not fit, or null.
 * @param {unknown} value
 * @param {OipDatatype} datatype
 * @returns {string | null}
 */
export function elementProblem(value, datatype) {
  if (datatype === "BYTES") return typeof value === "string" ? null : "is not a string";
  if (datatype === "BOOL") return typeof value === "boolean" || value === 0 || value === 1 ? null : "is not true, false, 0 or 1";
  if (typeof value !== "number" || !Number.isFinite(value)) return "is not a finite number";
  const range = INTEGER_RANGES[datatype];
  if (range) {
    if (!Number.isInteger(value)) return "is not a whole number";
    if (value < range[0] || value > range[1]) return `is outside ${range[0]}..${range[1]}`;
  }
  return null;
}

/**
 * A typed array (or string array for BYTES) of already checked elements.
 * @param {OipDatatype} datatype
 * @param {unknown[]} values
 */
export function typedData(datatype, values) {
  switch (datatype) {
    case "FP32":
      return Float32Array.from(/** @type {number[]} */ (values));
    case "FP64":
      return Float64Array.from(/** @type {number[]} */ (values));
    case "INT8":
      return Int8Array.from(/** @type {number[]} */ (values));
    case "INT16":
      return Int16Array.from(/** @type {number[]} */ (values));
    case "INT32":
      return Int32Array.from(/** @type {number[]} */ (values));
    case "INT64":
      return BigInt64Array.from(/** @type {number[]} */ (values), (v) => BigInt(v));
    case "UINT8":
      return Uint8Array.from(/** @type {number[]} */ (values));
    case "UINT16":
      return Uint16Array.from(/** @type {number[]} */ (values));
    case "UINT32":
      return Uint32Array.from(/** @type {number[]} */ (values));
    case "UINT64":
      return BigUint64Array.from(/** @type {number[]} */ (values), (v) => BigInt(v));
    case "BOOL":
      return Uint8Array.from(values, (v) => (v === true || v === 1 ? 1 : 0));
    case "BYTES":
      return /** @type {string[]} */ (values);
  }
}

/**
 * A tensor's data as JSON values: 64-bit integers become numbers (exact up to 2^53), BOOL booleans.
 * @param {OipDatatype} datatype
 * @param {ArrayLike<unknown>} data
 * @returns {Array<number | boolean | string>}
 */
export function jsonData(datatype, data) {
  const values = Array.from(/** @type {ArrayLike<number | bigint | boolean | string>} */ (data));
  if (datatype === "BOOL") return values.map((v) => Boolean(v));
  if (datatype === "BYTES") return values.map(String);
  return values.map((v) => Number(v));
}
