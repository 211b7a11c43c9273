/**
 * Processor time of a process tree, read from /proc (Linux): on a shared machine at load 10 wall
 * times mostly measure the other jobs, while the processor time a side used for the same work stays
 * comparable between runs. Times of processes that exit between two readings are lost, so read it
 * around work that keeps its processes alive (a page open, not a browser launch).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // CLK_TCK is 100 on Linux

/** pid -> [parent pid, user + system ms] for every readable process. */
function processes(): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command (which may hold spaces) in parentheses: state ppid ... utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), [Number(f[1]), (Number(f[11]) + Number(f[12])) * TICK_MS]);
    } catch {
      // The process exited while the table was read.
    }
  }
  return out;
}

/** User + system ms of `root`'s descendants (not `root` itself), by pid, leaving out the `skip` subtrees. */
export function descendantsCpuMs(root: number, skip: readonly number[] = []): Map<number, number> {
  const all = processes();
  const children = new Map<number, number[]>();
  for (const [pid, [ppid]] of all) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const out = new Map<number, number>();
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      if (skip.includes(c)) continue;
      out.set(c, all.get(c)![1]);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** User + system ms used by `root`'s descendants between two readings (processes alive at the second). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

/** User + system ms of `pid` and its descendants, by pid. */
export function treeCpuMs(pid: number): Map<number, number> {
  const own = processes().get(pid);
  const out = descendantsCpuMs(pid);
  if (own) out.set(pid, own[1]);
  return out;
}
