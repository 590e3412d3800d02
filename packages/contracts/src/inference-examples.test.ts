import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { curlCommand, exampleRequestText, openInferenceCurlCommand, openInferenceInferUrl, shellQuote, webSocketScript } from "./inference-examples.ts";

// The shell is the judge of quoting: each command is echoed back through a real sh.
const throughShell = (words: string) => execFileSync("sh", ["-c", `printf '%s\\n' ${words}`], { encoding: "utf8" });

describe("inference examples", () => {
  it("quotes any text so the shell passes it unchanged", () => {
    const text = `{"text":"it's $HOME \`id\` \\\\ \\"quoted\\" ; & | *"}`;
    expect(throughShell(shellQuote(text))).toBe(`${text}\n`);
  });

  it("builds a curl call that sends the example body as it is, with the token from $TOKEN", () => {
    const body = { text: "I can't log in", n: 1 };
    const command = curlCommand("http://127.0.0.1:8080/v1/infers/abc", body);
    expect(command).toContain(`-H "Authorization: Bearer $TOKEN"`);
    const dataArgument = command.split("\n").find((line) => line.trimStart().startsWith("-d "))!;
    const quoted = dataArgument.trim().replace(/^-d /, "").replace(/ \\$/, "");
    expect(JSON.parse(throughShell(quoted))).toEqual(body);
  });

  it("starts from {} when a version declares no example", () => {
    expect(exampleRequestText(null)).toBe("{}");
    expect(curlCommand("http://x/v1/infers/a", null)).toContain("-d '{}'");
    expect(exampleRequestText({ features: { items: 3 } })).toBe('{\n  "features": {\n    "items": 3\n  }\n}');
  });

  it("builds a WebSocket script that is valid JavaScript and sends the example message", () => {
    const script = webSocketScript("ws://127.0.0.1:8080/v1/infers/abc", { text: 'say "hi"' });
    expect(() => new Function("WebSocket", "process", script)).not.toThrow();
    expect(script).toContain(`socket.send(JSON.stringify({"text":"say \\"hi\\""}))`);
    expect(script).toContain("bearer.${process.env.TOKEN}");
  });

  it("builds the OIP v2 infer URL of a model under the service's base URL, pinned to a version when named, and its curl", () => {
    const base = "http://127.0.0.1:8080/v1/infers/abc";
    expect(openInferenceInferUrl(base, "delivery-eta")).toBe(`${base}/v2/models/delivery-eta/infer`);
    expect(openInferenceInferUrl(base, "delivery-eta", "2.0.0")).toBe(`${base}/v2/models/delivery-eta/versions/2.0.0/infer`);
    const tensors = { inputs: [{ name: "x", shape: [1, 3], datatype: "FP32", data: [1, 2.5, 0] }] };
    expect(openInferenceCurlCommand(base, "delivery-eta", tensors)).toBe(curlCommand(`${base}/v2/models/delivery-eta/infer`, tensors));
  });
});
