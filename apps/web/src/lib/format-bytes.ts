// An upload's progress as people read it, in the binary units every size on both sides uses
// (formatByteSize in @rts/contracts).

/** "12.3 of 40.0 MiB": both numbers in mebibytes, so the first one visibly counts up. */
export function formatUploadedOf(sentBytes: number, totalBytes: number): string {
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return `${mib(sentBytes)} of ${mib(totalBytes)} MiB`;
}
