// Builds a multipart/form-data body the way a browser or curl sends one, for `inject`.

export type FormPart = { name: string; value: string } | { name: string; file: Uint8Array; fileName: string };

export async function multipartBody(parts: FormPart[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const part of parts) {
    if ("file" in part) form.append(part.name, new Blob([part.file]), part.fileName);
    else form.append(part.name, part.value);
  }
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), headers: { "content-type": encoded.headers.get("content-type")! } };
}
