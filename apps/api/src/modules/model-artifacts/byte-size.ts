const UNITS = [
  [1024 ** 3, "GiB"],
  [1024 ** 2, "MiB"],
  [1024, "KiB"],
] as const;

/** 536870912 -> "512 MiB"; sizes that are not a whole unit stay in bytes, so a limit is quoted exactly. */
export function formatByteSize(bytes: number): string {
  for (const [size, unit] of UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} bytes`;
}
