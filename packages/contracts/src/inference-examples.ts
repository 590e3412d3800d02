import { z } from "zod";

// Each AI application version says how it is called: an example request body, and where it has
// one, the JSON Schema of its input. The console's prediction test and usage guide start from
// them, and the commands the usage guide shows are built here so that the API's documented-call
// test runs exactly what a person copies.

export const ExampleRequestSchema = z
  .record(z.string(), z.unknown())
  .describe("An example request body (a JSON object) that the version answers successfully; for a WebSocket version, one message.");
export type ExampleRequest = z.infer<typeof ExampleRequestSchema>;

export const InputSchemaSchema = z
  .record(z.string(), z.unknown())
  .describe("JSON Schema (draft 2020-12) of the request body the version accepts.");
export type InputSchema = z.infer<typeof InputSchemaSchema>;

/** The example as an editable request body; `{}` for a version that declares none. */
export function exampleRequestText(example: ExampleRequest | null): string {
  return JSON.stringify(example ?? {}, null, 2);
}

/** POSIX shell single quotes: the text reaches the program byte for byte. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The shell variable the usage guide tells people to put their API token in. */
export const TOKEN_VARIABLE = "TOKEN";

/**
 * The usage guide's curl call of an HTTP service. `--fail-with-body` makes an error answer (4xx,
 * 5xx) a failed command that still prints the problem, so scripts notice.
 */
export function curlCommand(url: string, body: ExampleRequest | null): string {
  return [
    "curl -sS --fail-with-body \\",
    `  -H "Authorization: Bearer $${TOKEN_VARIABLE}" \\`,
    "  -H 'Content-Type: application/json' \\",
    `  -d ${shellQuote(JSON.stringify(body ?? {}))} \\`,
    `  ${shellQuote(url)}`,
  ].join("\n");
}

/**
 * The usage guide's call of a WebSocket service: a Node.js 22+ script (global WebSocket). A
 * WebSocket client cannot always set Authorization, so the token rides as a `bearer.<token>`
 * subprotocol.
 * It prints every message and closes after the model's final `{"type": "done"}` message.
 */
export function webSocketScript(url: string, message: ExampleRequest | null): string {
  return [
    `const socket = new WebSocket(${JSON.stringify(url)}, ["rts", \`bearer.\${process.env.${TOKEN_VARIABLE}}\`]);`,
    `socket.onopen = () => socket.send(JSON.stringify(${JSON.stringify(message ?? {})}));`,
    "socket.onmessage = (event) => {",
    "  console.log(event.data);",
    '  if (JSON.parse(event.data).type === "done") socket.close();',
    "};",
    'socket.onerror = () => { console.error("WebSocket failed"); process.exitCode = 1; };',
  ].join("\n");
}

/**
 * A version that speaks the Open Inference Protocol v2 is called at its model's infer URL under
 * the service's base URL (`/v1/infers/{serviceId}`): the model name is the AI application's name,
 * and naming a version pins the call to it (the OIP model version is the version label).
 */
export function openInferenceInferUrl(serviceBaseUrl: string, model: string, version?: string): string {
  const pinned = version === undefined ? "" : `/versions/${encodeURIComponent(version)}`;
  return `${serviceBaseUrl}/v2/models/${encodeURIComponent(model)}${pinned}/infer`;
}

/** The usage guide's curl call of an OIP version: the same command as curlCommand, at the model's infer URL. */
export function openInferenceCurlCommand(serviceBaseUrl: string, model: string, body: ExampleRequest | null, version?: string): string {
  return curlCommand(openInferenceInferUrl(serviceBaseUrl, model, version), body);
}
