// Where a version's upload is kept in the artifact store (modules/model-artifacts), and how its row
// records it: { key, fileName, bytes, sha256 } in ai_application_versions.artifact.

export function artifactKey(versionId: string, fileName: string): string {
  return `versions/${versionId}/${fileName}`;
}

/** The storage key a version row's artifact column records, if any. */
export function storedArtifactKey(artifact: unknown): string | null {
  if (artifact === null || typeof artifact !== "object") return null;
  const key = (artifact as { key?: unknown }).key;
  return typeof key === "string" ? key : null;
}
