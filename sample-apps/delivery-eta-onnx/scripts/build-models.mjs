// @ts-check
/**
 * Regenerates <version>/model.onnx for every version of the delivery ETA sample:
 *   node sample-apps/delivery-eta-onnx/scripts/build-models.mjs
 */
import { writeFileSync } from "node:fs";
import { DELIVERY_VERSIONS, buildDeliveryModel } from "../delivery-model.mjs";

for (const version of DELIVERY_VERSIONS) {
  const file = new URL(`../${version}/model.onnx`, import.meta.url);
  const bytes = buildDeliveryModel(version);
  writeFileSync(file, bytes);
  process.stdout.write(`${version}/model.onnx: ${bytes.length} bytes\n`);
}
