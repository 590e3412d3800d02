// @ts-check
/**
 * The delivery-time regression of number-regressor (ordinary least squares on
 * data/deliveries.csv there) written as ONNX graphs that the built-in ONNX runtime serves.
 *
 * Both versions take "features" FP32 [batch, 3] = [distanceKm, items, rushHour] and answer
 * "minutes" FP32 [batch, 1].
 * - 1.x: minutes = features · w + b.
 * - 2.x: the graph also computes distanceKm × rushHour (Gather, Mul, Concat) and multiplies the
 *   expanded [batch, 4] matrix by its weights, so callers send the same three features.
 */
import { fitForVersion } from "../number-regressor/model.mjs";
import { encodeModel, initializer, node, tensorValue } from "../onnx-model-writer.mjs";

export const DELIVERY_VERSIONS = /** @type {const} */ (["1.0.0", "2.0.0"]);

/**
 * The fitted weights, intercept first as number-regressor orders them.
 * @param {string} version
 */
export function deliveryCoefficients(version) {
  return fitForVersion(version).coefficients;
}

/**
 * The ONNX model bytes of one version.
 * @param {(typeof DELIVERY_VERSIONS)[number]} version
 * @returns {Uint8Array}
 */
export function buildDeliveryModel(version) {
  const [intercept, ...weights] = deliveryCoefficients(version);
  const interaction = weights.length === 4;
  const nodes = interaction
    ? [
        node("Gather", ["features", "distance_index"], ["distance_km"], { axis: 1 }),
        node("Gather", ["features", "rush_hour_index"], ["rush_hour"], { axis: 1 }),
        node("Mul", ["distance_km", "rush_hour"], ["distance_in_rush_hour"]),
        node("Concat", ["features", "distance_in_rush_hour"], ["expanded_features"], { axis: 1 }),
        node("MatMul", ["expanded_features", "weights"], ["weighted"]),
        node("Add", ["weighted", "intercept"], ["minutes"]),
      ]
    : [node("MatMul", ["features", "weights"], ["weighted"]), node("Add", ["weighted", "intercept"], ["minutes"])];
  const initializers = [
    initializer("weights", "float32", [weights.length, 1], weights),
    initializer("intercept", "float32", [1], [intercept]),
    ...(interaction
      ? [initializer("distance_index", "int64", [1], [0]), initializer("rush_hour_index", "int64", [1], [2])]
      : []),
  ];
  return encodeModel({
    name: `delivery_eta_${version.replaceAll(".", "_")}`,
    docString: `Delivery time in minutes from [distanceKm, items, rushHour] (OLS${interaction ? " with distanceKm x rushHour" : ""}).`,
    inputs: [tensorValue("features", "float32", ["batch", 3])],
    outputs: [tensorValue("minutes", "float32", ["batch", 1])],
    initializers,
    nodes,
    metadata: { version },
  });
}
