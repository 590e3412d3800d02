// @ts-check
/**
 * Delivery-time regressor model server (OLS linear regression fitted at startup).
 *   PORT=8102 node sample-apps/number-regressor/server.mjs --model-version 1.0.0
 * POST /predict {"features": {"distanceKm": 4.2, "items": 3, "rushHour": 1}}
 */
import { HttpError, startModelServer } from "../model-server-kit.mjs";
import { fitForVersion } from "./model.mjs";

/**
 * @param {Record<string, unknown>} features
 * @param {string} name
 * @param {number} min
 * @param {number} max
 */
function numberFeature(features, name, min, max) {
  const value = features[name];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new HttpError(400, `"features.${name}" must be a number`);
  }
  if (value < min || value > max) throw new HttpError(400, `"features.${name}" must be between ${min} and ${max}`);
  return value;
}

startModelServer({
  appName: "number-regressor",
  load(version) {
    const model = fitForVersion(version);
    return (body) => {
      const features = body.features;
      if (features === null || typeof features !== "object" || Array.isArray(features)) {
        throw new HttpError(400, 'missing "features": send {"features": {"distanceKm": 4.2, "items": 3, "rushHour": 0}}');
      }
      const f = /** @type {Record<string, unknown>} */ (features);
      const distanceKm = numberFeature(f, "distanceKm", 0, 500);
      const items = numberFeature(f, "items", 0, 1000);
      const rushHour = f.rushHour === true ? 1 : f.rushHour === false ? 0 : numberFeature(f, "rushHour", 0, 1);
      if (rushHour !== 0 && rushHour !== 1) throw new HttpError(400, '"features.rushHour" must be 0 or 1');
      const minutes = Math.max(0, model.predict({ distanceKm, items, rushHour }));
      return { prediction: Math.round(minutes * 10) / 10, unit: "minutes" };
    };
  },
});
