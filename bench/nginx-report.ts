// The report section of the nginx comparison (nginx-comparison.ts): the figures per runtime driver
// and the issue-11 targets, judged gateway against nginx measured in the same run.
import { mdTable, plainTable } from "./markdown-tables.ts";
import {
  TARGET_ADDED_P50_MS,
  TARGET_NGINX_P99_RATIO,
  TARGET_NGINX_THROUGHPUT_RATIO,
  type NginxComparison,
  type PathFigures,
  type ProxyPath,
} from "./nginx-comparison.ts";

export interface DriverComparison {
  driver: string;
  nginx: NginxComparison | null;
}

const LABELS: Record<ProxyPath, string> = {
  direct: "direct to the model server",
  nginx: "nginx as a proxy to it",
  gateway: "gateway `POST /v1/infers/{id}`",
};

const ms = (value: number) => `${value.toFixed(2)} ms`;
const pass = (ok: boolean) => (ok ? "pass" : "**FAIL**");
const of = (figures: PathFigures[], path: ProxyPath) => figures.find((f) => f.path === path)!;

const FIGURES_HEADER = ["Driver", "Path", "req/s (8 conn.)", "p50", "p99", "proxy CPU per call", "1 conn.: p50", "1 conn.: p99"];
const TARGETS_HEADER = ["Driver", "Goal", "Measured", "Target", "Result"];

function figureRows(runs: DriverComparison[]): string[][] {
  return runs.flatMap(({ driver, nginx }) => {
    if (!nginx || nginx.skipped) return [[driver, `not measured: ${nginx?.skipped ?? "the gateway answered no calls"}`, "", "", "", "", "", ""]];
    return (["direct", "nginx", "gateway"] as const).map((path) => {
      const c = of(nginx.concurrent, path);
      const s = of(nginx.sequential, path);
      return [
        driver,
        LABELS[path],
        c.requestsPerSecond.toLocaleString("en-US", { maximumFractionDigits: 0 }),
        ms(c.p50Ms),
        ms(c.p99Ms),
        c.proxyCpuMsPerCall === null ? "—" : `${(c.proxyCpuMsPerCall * 1000).toFixed(0)} µs`,
        ms(s.p50Ms),
        ms(s.p99Ms),
      ];
    });
  });
}

function targetRows(runs: DriverComparison[]): string[][] {
  return runs.flatMap(({ driver, nginx }) => {
    if (!nginx || nginx.skipped) return [];
    const gateway = of(nginx.concurrent, "gateway");
    const proxy = of(nginx.concurrent, "nginx");
    const throughput = gateway.requestsPerSecond / proxy.requestsPerSecond;
    const p99 = gateway.p99Ms / proxy.p99Ms;
    const added = of(nginx.sequential, "gateway").p50Ms - of(nginx.sequential, "direct").p50Ms;
    const nginxAdded = of(nginx.sequential, "nginx").p50Ms - of(nginx.sequential, "direct").p50Ms;
    return [
      [driver, `throughput, gateway / nginx (${nginx.connections} connections)`, throughput.toFixed(2), `>= ${TARGET_NGINX_THROUGHPUT_RATIO}`, pass(throughput >= TARGET_NGINX_THROUGHPUT_RATIO)],
      [driver, `p99, gateway / nginx (${nginx.connections} connections)`, p99.toFixed(2), `<= ${TARGET_NGINX_P99_RATIO}`, pass(p99 <= TARGET_NGINX_P99_RATIO)],
      [driver, "p50 the gateway adds to direct, 1 connection", `${ms(added)} (nginx adds ${ms(nginxAdded)})`, `< ${TARGET_ADDED_P50_MS} ms`, pass(added < TARGET_ADDED_P50_MS)],
    ];
  });
}

export function nginxText(runs: DriverComparison[]): string {
  return [plainTable(TARGETS_HEADER, targetRows(runs)), plainTable(FIGURES_HEADER, figureRows(runs))].join("\n\n");
}

export function nginxMarkdown(runs: DriverComparison[]): string {
  const measured = runs.find((r) => r.nginx && !r.nginx.skipped)?.nginx;
  const how = measured
    ? `Load: ${measured.wrkVersion} (Debian), ${measured.connections} connections for ${measured.seconds} s per path, then 1 connection for ${Math.max(2, Math.round(measured.seconds / 2))} s per path, in ${measured.rounds} alternating rounds (direct, nginx, gateway, then again); each figure is the median of its rounds, after a 2 s warm-up per path. nginx ${measured.nginxVersion} (Debian) runs with a generated configuration: \`worker_processes auto\` (2 on this machine), an upstream with \`keepalive 64\`, HTTP/1.1 to the upstream, access log off. Every path ends at the same single instance; gateway calls carry alice's API token and pass authentication, the ownership and state checks, the split and metrics. Proxy CPU per call is the CPU time of nginx's processes, or of the API process (the gateway runs in it; its deploy worker is not counted), over the requests served.`
    : "nginx or wrk was not installed, so the comparison was skipped: `apt-get install nginx-light wrk` and run `pnpm bench` again.";
  return `### The gateway against nginx (issue 11)

${mdTable(TARGETS_HEADER, targetRows(runs))}

${mdTable(FIGURES_HEADER, figureRows(runs))}

${how}
`;
}
