/**
 * CPU time and memory of other processes from Linux's /proc (proc(5)): the benches measure
 * Chromium and Janus from outside, so nothing inside them has to cooperate.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const PAGE_BYTES = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;

export interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in milliseconds. */
  cpuMs: number;
  rssBytes: number;
}

/** One process's stat line, or null if it has gone. */
export function procStat(pid: number): ProcStat | null {
  let line: string;
  try {
    line = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // comm is in parentheses and may contain spaces: split after the last ')'.
  const close = line.lastIndexOf(')');
  const comm = line.slice(line.indexOf('(') + 1, close);
  const fields = line.slice(close + 2).split(' ');
  // fields[0] is field 3 (state); utime/stime are fields 14/15, rss field 24.
  const at = (field: number): number => Number(fields[field - 3]);
  return {
    pid,
    ppid: at(4),
    comm,
    cpuMs: ((at(14) + at(15)) / TICKS_PER_SECOND) * 1000,
    rssBytes: at(24) * PAGE_BYTES,
  };
}

/** Every live process below `rootPid` (not the root itself). */
export function descendants(rootPid: number): ProcStat[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const found: ProcStat[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    for (const child of children.get(pid) ?? []) {
      found.push(child);
      queue.push(child.pid);
    }
  }
  return found;
}

/**
 * CPU milliseconds that the processes matching `select` spent, per pid, at this moment; the
 * difference of two snapshots is the CPU of the window (processes that exit in between are lost,
 * which the benches avoid by keeping their processes alive across the window).
 */
export function cpuSnapshot(processes: readonly ProcStat[]): Map<number, number> {
  return new Map(processes.map((p) => [p.pid, p.cpuMs]));
}

export function cpuSpentMs(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, cpuMs] of after) total += cpuMs - (before.get(pid) ?? 0);
  return total;
}
