// How to call each sample application (sample-apps/<name>/server.mjs): a request its model
// server answers, and the JSON Schema of what it accepts. The seed gives them to every version of
// the sample; the console's prediction test and usage guide and the gateway's OpenAPI examples
// start from them. Each example is checked against the real server by the documented-call test.
import type { Prisma } from "./client.ts";

export type SampleName = "text-classifier" | "number-regressor" | "sentiment-stream" | "delivery-eta-onnx";

export interface SampleRequest {
  exampleRequest: Prisma.InputJsonObject;
  inputSchema: Prisma.InputJsonObject;
  /** Answers plain HTTP with 426: only a WebSocket service can run it (R10). */
  websocketOnly: boolean;
  /** How it is called: the platform's JSON contract, or the Open Inference Protocol v2 (the built-in ONNX runtime). */
  protocol: "rts-json" | "oip-v2";
}

const JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

export const SAMPLE_REQUESTS: Record<SampleName, SampleRequest> = {
  "text-classifier": {
    exampleRequest: { text: "My card was declined and I need a receipt" },
    inputSchema: {
      $schema: JSON_SCHEMA,
      title: "text-classifier request",
      description: "One support message, or several answered in order.",
      type: "object",
      oneOf: [
        {
          required: ["text"],
          properties: { text: { type: "string", minLength: 1, description: "A support message to sort into billing, technical or account." } },
        },
        {
          required: ["instances"],
          properties: {
            instances: { type: "array", minItems: 1, maxItems: 256, items: { type: "string", minLength: 1 }, description: "Up to 256 messages." },
          },
        },
      ],
    },
    websocketOnly: false,
    protocol: "rts-json",
  },
  "number-regressor": {
    exampleRequest: { features: { distanceKm: 4.2, items: 3, rushHour: 1 } },
    inputSchema: {
      $schema: JSON_SCHEMA,
      title: "number-regressor request",
      description: "The features of one delivery; the answer is its predicted time in minutes.",
      type: "object",
      required: ["features"],
      properties: {
        features: {
          type: "object",
          required: ["distanceKm", "items", "rushHour"],
          properties: {
            distanceKm: { type: "number", minimum: 0, maximum: 500, description: "Distance in kilometres." },
            items: { type: "number", minimum: 0, maximum: 1000, description: "Items in the order." },
            rushHour: { enum: [0, 1, true, false], description: "1 (or true) during rush hour, else 0 (or false)." },
          },
        },
      },
    },
    websocketOnly: false,
    protocol: "rts-json",
  },
  "sentiment-stream": {
    exampleRequest: { text: "not good at all" },
    inputSchema: {
      $schema: JSON_SCHEMA,
      title: "sentiment-stream message",
      description: "One WebSocket message; the answer streams a token message per word, then a done message.",
      type: "object",
      required: ["text"],
      properties: { text: { type: "string", minLength: 1, maxLength: 10_000, description: "The text to score." } },
    },
    websocketOnly: true,
    protocol: "rts-json",
  },
  "delivery-eta-onnx": {
    // An Open Inference Protocol v2 infer body: one delivery of 4.2 km, 3 items, in rush hour.
    exampleRequest: { inputs: [{ name: "features", shape: [1, 3], datatype: "FP32", data: [4.2, 3, 1] }] },
    inputSchema: {
      $schema: JSON_SCHEMA,
      title: "delivery-eta-onnx inference request (Open Inference Protocol v2)",
      description: "Rows of [distanceKm, items, rushHour]; the answer's output \"minutes\" has one predicted delivery time per row.",
      type: "object",
      required: ["inputs"],
      properties: {
        id: { type: "string", description: "Echoed in the answer." },
        inputs: {
          type: "array",
          minItems: 1,
          maxItems: 1,
          items: {
            type: "object",
            required: ["name", "shape", "datatype", "data"],
            properties: {
              name: { const: "features" },
              shape: { type: "array", prefixItems: [{ type: "integer", minimum: 1 }, { const: 3 }], items: false, description: "[rows, 3]" },
              datatype: { const: "FP32" },
              data: { type: "array", description: "Row-major values, flat ([4.2, 3, 1]) or nested ([[4.2, 3, 1]]): distance in km, items, rush hour 0 or 1." },
            },
          },
        },
        outputs: { type: "array", items: { type: "object", required: ["name"], properties: { name: { const: "minutes" } } } },
      },
    },
    websocketOnly: false,
    protocol: "oip-v2",
  },
};
