// CPU time per process group over a measured phase, read from /proc (Linux only; elsewhere the
// figures are simply missing). It shows where the machine's cores went during a load run: the
// load generator, the API, the deploy worker, the model server or PostgreSQL.
import { readdir, readFile } from "node:fs/promises";
import os from "node:os";

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every mainstream Linux build

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, in ticks */
  ticks: number;
}

async function readStat(pid: number): Promise<ProcStat | null> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (!text) return null;
  // The command name (field 2) may hold spaces; every field after its closing parenthesis is fixed.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

async function allStats(): Promise<ProcStat[]> {
  const names = await readdir("/proc").catch(() => [] as string[]);
  const stats = await Promise.all(names.filter((n) => /^\d+$/.test(n)).map((n) => readStat(Number(n))));
  return stats.filter((s): s is ProcStat => s !== null);
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat). */
async function machineTicks(): Promise<{ busy: number; total: number } | null> {
  const text = await readFile("/proc/stat", "utf8").catch(() => null);
  if (!text) return null;
  const values = text.split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, v) => sum + v, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** A group is a root pid plus, optionally, all of its descendants. */
export interface ProcessGroup {
  name: string;
  pids: number[];
  withDescendants?: boolean;
}

export interface CpuSnapshot {
  at: number;
  perPid: Map<number, number>;
  machine: { busy: number; total: number } | null;
}

export interface CpuUsage {
  wallSeconds: number;
  /** CPU seconds per group name (a pid counted once, in the first group that claims it). */
  groups: Record<string, number>;
  /** Share of all cores busy during the phase (0..1), or null off Linux. */
  machineBusy: number | null;
  cores: number;
}

function expand(groups: ProcessGroup[], stats: ProcStat[]): Map<string, Set<number>> {
  const children = new Map<number, number[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const claimed = new Set<number>();
  const result = new Map<string, Set<number>>();
  for (const group of groups) {
    const members = new Set<number>();
    const stack = [...group.pids];
    while (stack.length > 0) {
      const pid = stack.pop()!;
      if (claimed.has(pid)) continue;
      claimed.add(pid);
      members.add(pid);
      if (group.withDescendants) stack.push(...(children.get(pid) ?? []));
    }
    result.set(group.name, members);
  }
  return result;
}

export async function cpuSnapshot(): Promise<CpuSnapshot> {
  const [stats, machine] = await Promise.all([allStats(), machineTicks()]);
  return { at: performance.now(), perPid: new Map(stats.map((s) => [s.pid, s.ticks])), machine };
}

/**
 * CPU seconds each group used between two snapshots. Groups are resolved against the processes
 * alive at the end, so list the narrow groups (model server, worker) before the broad ones.
 */
export async function cpuUsage(before: CpuSnapshot, after: CpuSnapshot, groups: ProcessGroup[]): Promise<CpuUsage> {
  const stats = [...after.perPid.keys()].map((pid) => ({ pid, ppid: 0, ticks: after.perPid.get(pid)! }));
  const tree = await allStats();
  const byPid = new Map(tree.map((s) => [s.pid, s.ppid]));
  const members = expand(groups, stats.map((s) => ({ ...s, ppid: byPid.get(s.pid) ?? 0 })));
  const result: Record<string, number> = {};
  const measuredPids = new Set<number>();
  for (const [name, pids] of members) {
    for (const pid of pids) measuredPids.add(pid);
    let ticks = 0;
    for (const pid of pids) ticks += (after.perPid.get(pid) ?? 0) - (before.perPid.get(pid) ?? 0);
    result[name] = ticks / TICKS_PER_SECOND;
  }
  const machineBusy =
    before.machine && after.machine && after.machine.total > before.machine.total
      ? (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
      : null;
  // Everything else that ran on the machine meanwhile (other users' processes, the kernel's own work).
  let otherTicks = 0;
  for (const [pid, ticks] of after.perPid) if (!measuredPids.has(pid)) otherTicks += ticks - (before.perPid.get(pid) ?? 0);
  result["other processes on the machine"] = otherTicks / TICKS_PER_SECOND;
  return { wallSeconds: (after.at - before.at) / 1000, groups: result, machineBusy, cores: os.cpus().length };
}
