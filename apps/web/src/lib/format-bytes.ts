// Sizes as people read them. Binary units, labelled KB/MB/GB as the upload limit (512 MB) is.
const UNITS = ["KB", "MB", "GB"] as const;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** "12.3 of 40.0 MB": an upload's progress, both numbers in megabytes. */
export function formatUploadedOf(sentBytes: number, totalBytes: number): string {
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  return `${mb(sentBytes)} of ${mb(totalBytes)} MB`;
}
