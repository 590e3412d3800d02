// Which build an upload gets is decided first by its name, then by its content (the build reads
// the archive or the model and fails the version if the two disagree).

export interface UploadKind {
  name: "tar" | "zip" | "onnx";
  /** The extension as stored, lower case. */
  extension: ".tar.gz" | ".zip" | ".onnx";
}

export function uploadKind(fileName: string): UploadKind | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return { name: "tar", extension: ".tar.gz" };
  if (lower.endsWith(".zip")) return { name: "zip", extension: ".zip" };
  if (lower.endsWith(".onnx")) return { name: "onnx", extension: ".onnx" };
  return null;
}
