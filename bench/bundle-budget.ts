// The console's first-page budget: the JavaScript a browser loads for the Real-Time Services list
// (the entry chunk, the layout and the list page with everything they import statically), gzipped.
// Lazy pages (the Deploy wizard, service details, charts) are left out, as they load on demand.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const BUNDLE_BUDGET_KB = 200;
const webDir = path.resolve(fileURLToPath(import.meta.url), "../../apps/web");
const FIRST_PAGE_MODULES = ["index.html", "src/app/app-layout.tsx", "src/features/services/services-list-page.tsx"];

interface ManifestChunk {
  file: string;
  imports?: string[];
}

export interface BundleBudget {
  files: Array<{ file: string; gzipKB: number }>;
  totalGzipKB: number;
  lazyGzipKB: number;
  budgetKB: number;
  pass: boolean;
}

export async function measureFirstPageBundle(): Promise<BundleBudget> {
  execFileSync("pnpm", ["--filter", "@rts/web", "build"], { stdio: "ignore" });
  const manifest = JSON.parse(await readFile(path.join(webDir, "dist/.vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const needed = new Set<string>();
  const visit = (key: string) => {
    if (needed.has(key) || !manifest[key]) return;
    needed.add(key);
    for (const child of manifest[key].imports ?? []) visit(child);
  };
  for (const key of FIRST_PAGE_MODULES) visit(key);
  const gzipKB = async (file: string) => gzipSync(await readFile(path.join(webDir, "dist", file))).length / 1024;
  const files = await Promise.all(
    [...needed].map(async (key) => ({ file: manifest[key]!.file, gzipKB: await gzipKB(manifest[key]!.file) })),
  );
  const firstPageFiles = new Set(files.map((f) => f.file));
  const lazy = Object.values(manifest).filter((chunk) => chunk.file.endsWith(".js") && !firstPageFiles.has(chunk.file));
  const lazyGzipKB = (await Promise.all(lazy.map((chunk) => gzipKB(chunk.file)))).reduce((a, b) => a + b, 0);
  const totalGzipKB = files.reduce((sum, f) => sum + f.gzipKB, 0);
  return { files: files.sort((a, b) => b.gzipKB - a.gzipKB), totalGzipKB, lazyGzipKB, budgetKB: BUNDLE_BUDGET_KB, pass: totalGzipKB < BUNDLE_BUDGET_KB };
}

export function bundleMarkdown(budget: BundleBudget): string {
  const rows = budget.files.map((f) => `| \`${f.file}\` | ${f.gzipKB.toFixed(1)} KB |`).join("\n");
  return `## Console first-page JavaScript

What a browser downloads to show the Real-Time Services list (entry chunk, layout, list page and
their static imports), measured from the production build's manifest (\`vite build\`), gzipped
with Node's zlib at its default level. Budget: under ${budget.budgetKB} KB.

| File | gzipped |
| --- | --- |
${rows}
| **Total** | **${budget.totalGzipKB.toFixed(1)} KB** (${budget.pass ? "pass" : "FAIL"}) |

Loaded later, on demand (Deploy wizard, service details, charts and other pages): ${budget.lazyGzipKB.toFixed(1)} KB gzipped.
`;
}
