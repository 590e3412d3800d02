import { validationProblem, PROBLEM_CONTENT_TYPE } from "@rts/contracts";
import { delay, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiProblem, NetworkError } from "./api-client.ts";
import { uploadRequest } from "./upload-request.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function form(): FormData {
  const body = new FormData();
  body.append("version", "1.0.0");
  body.append("file", new File([new Uint8Array(16)], "model.onnx"));
  return body;
}

describe("uploadRequest", () => {
  it("reports progress up to the whole body and answers with the created resource", async () => {
    server.use(http.post("*/upload", () => HttpResponse.json({ id: "ver-1" }, { status: 201 })));
    const progress: number[] = [];
    await expect(uploadRequest("/upload", form(), { onProgress: (p) => progress.push(p.sentBytes / p.totalBytes) })).resolves.toEqual({ id: "ver-1" });
    expect(progress.at(-1)).toBe(1);
  });

  it("R15 turns a refused upload into the same ApiProblem as every other call, field errors included", async () => {
    const problem = validationProblem([{ rule: "R15", path: "file", message: "model.onnx: not an ONNX model." }]);
    server.use(http.post("*/upload", () => HttpResponse.json(problem, { status: 422, headers: { "content-type": PROBLEM_CONTENT_TYPE } })));
    const error = await uploadRequest("/upload", form()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).fieldErrors()).toEqual({ file: "model.onnx: not an ONNX model." });
  });

  it("says a lost connection in words a person can act on", async () => {
    server.use(http.post("*/upload", () => HttpResponse.error()));
    await expect(uploadRequest("/upload", form())).rejects.toBeInstanceOf(NetworkError);
  });

  it("stops when cancelled, as an AbortError", async () => {
    server.use(http.post("*/upload", async () => {
      await delay("infinite");
      return HttpResponse.json({});
    }));
    const controller = new AbortController();
    const upload = uploadRequest("/upload", form(), { signal: controller.signal });
    controller.abort();
    await expect(upload).rejects.toMatchObject({ name: "AbortError" });
    await expect(uploadRequest("/upload", form(), { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });
});
