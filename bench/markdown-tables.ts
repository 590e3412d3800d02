// Table and statistics helpers shared by the report's sections (docs/benchmarks.md and stdout).

export const OTHER_PROCESSES = "other processes on the machine";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function mdTable(header: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...body.map(line)].join("\n");
}

/** A fixed-width table for the terminal (Markdown emphasis and code marks dropped). */
export function plainTable(header: string[], body: string[][]): string {
  const all = [header, ...body.map((row) => row.map((cell) => cell.replaceAll("**", "").replaceAll("`", "")))];
  const widths = header.map((_, col) => Math.max(...all.map((row) => row[col]!.length)));
  return all.map((row) => row.map((cell, col) => cell.padEnd(widths[col]!)).join("  ").trimEnd()).join("\n");
}
