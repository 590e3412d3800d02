// AI applications and their versions through the API: create, add versions (upload or image),
// read their build, delete; every refusal field-level (R15) and owner-scoped (another user's
// application reads as 404).
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, demoCatalogue, deployBody, login, type DemoCatalogue, type TestApp } from "../../../../testing/test-app.ts";
import { multipartBody, type FormPart } from "../../../../testing/multipart-body.ts";
import { tarGz } from "../../../../modules/model-artifacts/test-archives.ts";
import { scalingPackage } from "../../../../testing/model-packages.ts";

const UPLOAD_LIMIT = 1024 * 1024;

let t: TestApp;
let alice: string;
let bob: string;
let catalogue: DemoCatalogue;
beforeAll(async () => {
  t = await createTestApp({ modelUploadMaxBytes: UPLOAD_LIMIT });
  alice = await login(t.app, "alice");
  bob = await login(t.app, "bob");
  catalogue = await demoCatalogue(t.db, "alice");
});
afterAll(async () => t.close());

function createApplication(cookie: string, payload: object) {
  return t.app.inject({ method: "POST", url: "/api/v1/ai-applications", headers: { cookie }, payload });
}

async function newApplication(name = `app-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
  const response = await createApplication(alice, { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function upload(cookie: string, applicationId: string, parts: FormPart[]) {
  const { payload, headers } = await multipartBody(parts);
  return t.app.inject({ method: "POST", url: `/api/v1/ai-applications/${applicationId}/versions`, headers: { cookie, ...headers }, payload });
}

/** The files in the artifact store's folder (its empty folders do not count). */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(`${t.dataDir}/artifacts`, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe("AI applications", () => {
  it("R15 creates an application (201) and refuses a taken name with 409 naming the field", async () => {
    const created = await createApplication(alice, { name: "fraud-scorer", description: "Scores card payments" });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: "fraud-scorer", description: "Scores card payments", versions: [] });

    const again = await createApplication(alice, { name: "fraud-scorer" });
    expect(again.statusCode).toBe(409);
    expect(again.json().errors).toEqual([expect.objectContaining({ path: "name", message: expect.stringContaining('"fraud-scorer"') })]);

    // Names are per user: bob may use the same one.
    expect((await createApplication(bob, { name: "fraud-scorer" })).statusCode).toBe(201);
  });

  it("R15 reports every invalid field of a create at once", async () => {
    const response = await createApplication(alice, { name: "9lives", description: "x".repeat(300), extra: true });
    expect(response.statusCode).toBe(422);
    const paths = response.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["description", "name"]));
  });

  it("S51 another user's application is not found, for reading, adding versions and deleting", async () => {
    const id = await newApplication();
    expect((await t.app.inject({ method: "GET", url: `/api/v1/ai-applications/${id}`, headers: { cookie: bob } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${id}`, headers: { cookie: bob } })).statusCode).toBe(404);
    const image = await t.app.inject({
      method: "POST",
      url: `/api/v1/ai-applications/${id}/versions/image`,
      headers: { cookie: bob },
      payload: { version: "1.0.0", image: "localhost/x:1" },
    });
    expect(image.statusCode).toBe(404);
    const uploaded = await upload(bob, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tar.gz" }]);
    expect(uploaded.statusCode).toBe(404);
    expect(await storedFiles()).toEqual([]);
    const versions = await t.db.prisma.aiApplicationVersion.count({ where: { applicationId: id } });
    expect(versions).toBe(0);
  });

  it("S52 another user's version, and its events, are not found", async () => {
    const id = await newApplication();
    const image = await t.app.inject({
      method: "POST",
      url: `/api/v1/ai-applications/${id}/versions/image`,
      headers: { cookie: alice },
      payload: { version: "1.0.0", image: "localhost/x:1" },
    });
    const versionId = image.json().id;
    for (const suffix of ["", "/events"]) {
      const response = await t.app.inject({ method: "GET", url: `/api/v1/ai-applications/${id}/versions/${versionId}${suffix}`, headers: { cookie: bob } });
      expect(response.statusCode).toBe(404);
    }
    expect((await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${id}/versions/${versionId}`, headers: { cookie: bob } })).statusCode).toBe(404);
  });

  it("S53 a signed-in upload from another site is refused before anything is read", async () => {
    const id = await newApplication();
    const { payload, headers } = await multipartBody([{ name: "version", value: "1.0.0" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tar.gz" }]);
    const response = await t.injectAsSent({
      method: "POST",
      url: `/api/v1/ai-applications/${id}/versions`,
      headers: { cookie: alice, origin: "https://evil.example", ...headers },
      payload,
    });
    expect(response.statusCode).toBe(403);
    expect(await t.db.prisma.aiApplicationVersion.count({ where: { applicationId: id } })).toBe(0);
  });
});

describe("Adding versions", () => {
  it("registers a container image version as Building, with a received event", async () => {
    const id = await newApplication();
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/ai-applications/${id}/versions/image`,
      headers: { cookie: alice },
      payload: { version: "1.0.0", image: "localhost/my-model:1.0", port: 9000, healthPath: "/ready", protocol: "oip-v2" },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ state: "Building", source: "container_image", runtime: "image", protocol: "oip-v2", healthPath: "/ready" });
    const events = await t.app.inject({ method: "GET", url: `/api/v1/ai-applications/${id}/versions/${response.json().id}/events`, headers: { cookie: alice } });
    expect(events.json().items).toEqual([expect.objectContaining({ type: "received", message: expect.stringContaining("localhost/my-model:1.0") })]);
  });

  it("uploads a package as Building, stored with its size and digest", async () => {
    const id = await newApplication();
    const archive = await tarGz(scalingPackage());
    const response = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: archive, fileName: "scaling.tar.gz" }]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      state: "Building",
      source: "model_package",
      artifact: { fileName: "scaling.tar.gz", bytes: archive.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    expect(response.json().artifact).not.toHaveProperty("key");
  });

  it("an .onnx upload is a model_file version for the built-in runtime, speaking OIP v2", async () => {
    const id = await newApplication();
    const response = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: Buffer.from("not checked yet"), fileName: "model.onnx" }]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ source: "model_file", runtime: "onnx", protocol: "oip-v2" });
  });

  it("streams an upload far larger than a JSON body may be", async () => {
    const id = await newApplication();
    const response = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: Buffer.alloc(UPLOAD_LIMIT - 1024, 3), fileName: "weights.onnx" }]);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().artifact.bytes).toBe(UPLOAD_LIMIT - 1024);
  });

  it("R15 refuses a bad label, a taken label and a file of another kind, all at once, storing nothing", async () => {
    const id = await newApplication();
    const first = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tgz" }]);
    expect(first.statusCode).toBe(201);
    const before = await storedFiles();

    const taken = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: Buffer.from("hello"), fileName: "notes.txt" }]);
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "version", message: expect.stringContaining('already has a version "1.0.0"') }),
        expect.objectContaining({ path: "file", message: expect.stringContaining("notes.txt") }),
      ]),
    );
    const bad = await upload(alice, id, [{ name: "version", value: "one" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tar.gz" }]);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: "version", message: expect.stringContaining("major.minor.patch") })]);
    expect(await storedFiles()).toEqual(before);
  });

  it("R15 a missing file and a missing version are both reported", async () => {
    const id = await newApplication();
    const response = await upload(alice, id, [{ name: "note", value: "hi" }]);
    expect(response.statusCode).toBe(422);
    const paths = response.json().errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(["file", "note", "version"]);
  });

  it("R15 a file larger than the limit is refused with 413 on the file field and leaves nothing stored", async () => {
    const id = await newApplication();
    const response = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: Buffer.alloc(UPLOAD_LIMIT + 1000, 7), fileName: "big.onnx" }]);
    expect(response.statusCode).toBe(413);
    expect(response.json().errors).toEqual([expect.objectContaining({ path: "file", message: expect.stringContaining("1 MiB") })]);
    expect(await t.db.prisma.aiApplicationVersion.count({ where: { applicationId: id } })).toBe(0);
    expect((await storedFiles()).filter((f) => f.includes("big") || f.endsWith(".partial"))).toEqual([]);
  });

  it("R15 JSON sent to the upload route is refused with 415 saying what to send", async () => {
    const id = await newApplication();
    const response = await t.app.inject({ method: "POST", url: `/api/v1/ai-applications/${id}/versions`, headers: { cookie: alice }, payload: { version: "1.0.0" } });
    expect(response.statusCode).toBe(415);
    expect(response.json().detail).toContain("multipart/form-data");
  });
});

describe("OpenAPI", () => {
  it("documents the application and version routes, the upload's form fields and its 413 and 415", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/docs/json" })).json();
    const base = "/api/v1/ai-applications/";
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        base,
        `${base}{applicationId}`,
        `${base}{applicationId}/versions/`,
        `${base}{applicationId}/versions/image`,
        `${base}{applicationId}/versions/{versionId}`,
        `${base}{applicationId}/versions/{versionId}/events`,
      ]),
    );
    const upload = doc.paths[`${base}{applicationId}/versions/`].post;
    expect(upload.description).toContain('"version"');
    expect(Object.keys(upload.responses)).toEqual(expect.arrayContaining(["201", "413", "415", "422"]));
    expect(doc.paths[`${base}{applicationId}/versions/image`].post.requestBody.content["application/json"].schema.properties).toHaveProperty("image");
  });
});

describe("Deleting", () => {
  it("deletes a version and its stored upload", async () => {
    const id = await newApplication();
    const created = await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tar.gz" }]);
    const versionId = created.json().id;
    expect((await storedFiles()).some((f) => f.includes(versionId))).toBe(true);
    const response = await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${id}/versions/${versionId}`, headers: { cookie: alice } });
    expect(response.statusCode).toBe(204);
    expect((await storedFiles()).some((f) => f.includes(versionId))).toBe(false);
    expect(await t.db.prisma.aiApplicationVersion.count({ where: { id: versionId } })).toBe(0);
  });

  it("refuses to delete a version or its application while services use it, naming them", async () => {
    const versionId = catalogue.versions["text-classifier@1.0.0"]!;
    const applicationId = (await t.db.prisma.aiApplicationVersion.findUniqueOrThrow({ where: { id: versionId } })).applicationId;
    for (const name of ["svc-b", "svc-a"]) {
      const deployed = await t.app.inject({ method: "POST", url: "/api/v1/services", headers: { cookie: alice }, payload: deployBody(catalogue, { name }) });
      expect(deployed.statusCode, deployed.body).toBe(202);
    }
    const version = await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${applicationId}/versions/${versionId}`, headers: { cookie: alice } });
    expect(version.statusCode).toBe(409);
    expect(version.json().detail).toBe("Used by services svc-a and svc-b: delete them or move them to another version first.");
    const application = await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${applicationId}`, headers: { cookie: alice } });
    expect(application.statusCode).toBe(409);
    expect(application.json().detail).toContain("svc-a and svc-b");
    expect(await t.db.prisma.aiApplicationVersion.count({ where: { id: versionId } })).toBe(1);
  });

  it("deletes an application with all its versions", async () => {
    const id = await newApplication();
    await upload(alice, id, [{ name: "version", value: "1.0.0" }, { name: "file", file: await tarGz(scalingPackage()), fileName: "m.tar.gz" }]);
    const response = await t.app.inject({ method: "DELETE", url: `/api/v1/ai-applications/${id}`, headers: { cookie: alice } });
    expect(response.statusCode).toBe(204);
    expect(await t.db.prisma.aiApplicationVersion.count({ where: { applicationId: id } })).toBe(0);
    expect((await t.app.inject({ method: "GET", url: `/api/v1/ai-applications/${id}`, headers: { cookie: alice } })).statusCode).toBe(404);
  });
});
