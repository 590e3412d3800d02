// @ts-check
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ModelPackageManifestSchema } from "../../packages/contracts/src/model-versions.ts";
import { SAMPLE_REQUESTS } from "../../packages/db/src/sample-requests.ts";
import { fitForVersion } from "../number-regressor/model.mjs";
import { DELIVERY_VERSIONS, buildDeliveryModel, deliveryCoefficients } from "./delivery-model.mjs";

describe("delivery-eta-onnx sample", () => {
  it.each(DELIVERY_VERSIONS)("regenerating version %s gives the committed model.onnx byte for byte", (version) => {
    const committed = readFileSync(new URL(`./${version}/model.onnx`, import.meta.url));
    expect(Buffer.from(buildDeliveryModel(version)).equals(committed)).toBe(true);
  });

  it("fits the same least squares weights as number-regressor: four for 1.x, five (with distance x rush hour) for 2.x", () => {
    expect(deliveryCoefficients("1.0.0")).toEqual(fitForVersion("1.0.0").coefficients);
    expect(deliveryCoefficients("1.0.0")).toHaveLength(4);
    expect(deliveryCoefficients("2.0.0")).toHaveLength(5);
  });

  it.each(DELIVERY_VERSIONS)("version %s is a valid model package: its rts-model.json passes the shared manifest contract", (version) => {
    const manifest = JSON.parse(readFileSync(new URL(`./${version}/rts-model.json`, import.meta.url), "utf8"));
    const parsed = ModelPackageManifestSchema.parse(manifest);
    expect(parsed).toMatchObject({ runtime: "onnx", model: "model.onnx", protocol: "oip-v2", healthPath: "/health" });
    expect(parsed.exampleRequest).toEqual(SAMPLE_REQUESTS["delivery-eta-onnx"].exampleRequest);
  });
});
