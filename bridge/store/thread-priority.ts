// The store threads give way to the main thread. The audio path (carrier frames, pacing) runs on
// the main thread; the writer is background work that can run flat out (a backlog after a disk
// outage, a busy day). On a two-core laptop the writer, the main thread and everything else the
// laptop runs share the cores, and the main thread then waits in the run queue (profiled in
// bench/store.ts: the longest main-thread stalls while logging were run-queue waits, not work).
// A store thread therefore lowers its own CPU priority (nice), where the OS does this per thread:
// Linux. Elsewhere the call would change the whole app's priority, so nothing is done.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** The store threads' nice value: under contention the main thread gets most of the CPU (about 9:1). */
export const STORE_THREAD_NICE = 10;

export type PriorityResult =
  | { readonly lowered: true; readonly tid: number; readonly nice: number }
  | { readonly lowered: false; readonly reason: string };

export interface PriorityDeps {
  readonly platform: NodeJS.Platform;
  readonly isMainThread: boolean;
  /** The calling thread's id (Linux: from /proc/thread-self, "<pid>/task/<tid>"). */
  readonly threadId: () => number;
  readonly getPriority: (tid: number) => number;
  readonly setPriority: (tid: number, nice: number) => void;
}

const realDeps: PriorityDeps = {
  platform: process.platform,
  isMainThread,
  threadId: () => Number(readlinkSync('/proc/thread-self').split('/').pop()),
  getPriority: (tid) => os.getPriority(tid),
  setPriority: (tid, nice) => os.setPriority(tid, nice),
};

/** Lowers the calling worker thread's CPU priority to `nice` (never raises it, never the main thread). */
export function lowerThreadPriority(nice = STORE_THREAD_NICE, deps: PriorityDeps = realDeps): PriorityResult {
  if (deps.isMainThread) return { lowered: false, reason: 'the main thread keeps its priority' };
  if (deps.platform !== 'linux') {
    return { lowered: false, reason: `per-thread priority is not available on ${deps.platform}` };
  }
  try {
    const tid = deps.threadId();
    if (!Number.isInteger(tid) || tid <= 0) return { lowered: false, reason: 'no thread id' };
    const current = deps.getPriority(tid);
    if (current >= nice) return { lowered: true, tid, nice: current };
    deps.setPriority(tid, nice);
    return { lowered: true, tid, nice };
  } catch (err) {
    return { lowered: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
