// The main thread's event loop while something runs: the worst lateness of a 1 ms timer, the delay
// histogram, the longest garbage-collection pause, and (on Linux) what the main thread was doing
// during each stall: running (its own work, GC included) or runnable but waiting for a CPU (other
// threads, the store's writer among them, and other programs had the cores). The rest of a stall is
// neither: the thread blocked (a GC pause waiting for its helper threads) or the virtual machine's
// CPU taken away by its host. Read per thread from /proc/thread-self/schedstat:
// "<ns on CPU> <ns waiting on a run queue> <timeslices>".
import { closeSync, openSync, readSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export interface StallReport {
  /** Longest time a 1 ms timer was late. */
  readonly maxStallMs: number;
  /** The same, counted only after warmed() (JIT warm-up excluded). */
  readonly maxStallWarmMs: number;
  /** Of the longest warm stall: ms the main thread ran and ms it waited for a CPU (null: not Linux). */
  readonly worstRunningMs: number | null;
  readonly worstWaitingMs: number | null;
  /** Longest stall counting only the main thread's own running time (its work and GC, not waiting). */
  readonly maxRunningStallMs: number | null;
  /** Of all warm stalls over 5 ms: their total, and the part spent waiting for a CPU. */
  readonly stallsOver5Ms: number;
  readonly stallOver5TotalMs: number;
  readonly stallOver5WaitingMs: number | null;
  /** Longest garbage-collection pause of the main thread (warm). */
  readonly maxGcPauseMs: number;
  readonly p99DelayMs: number;
  readonly maxDelayMs: number;
}

/** This thread's CPU and run-queue time in ms, or null where /proc/thread-self is not there. */
class ThreadSchedule {
  private readonly fd: number | null;
  private readonly buf = Buffer.alloc(96);

  constructor() {
    let fd: number | null = null;
    try {
      fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      fd = null;
    }
    this.fd = fd;
  }

  read(): { runningMs: number; waitingMs: number } | null {
    if (this.fd === null) return null;
    const n = readSync(this.fd, this.buf, 0, this.buf.length, 0);
    const [run, wait] = this.buf.toString('latin1', 0, n).split(' ');
    return { runningMs: Number(run) / 1e6, waitingMs: Number(wait) / 1e6 };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
  }
}

/** CPU ms the calling thread has run so far (Linux), or null where /proc/thread-self is not there. */
export function threadCpuMs(): number | null {
  const schedule = new ThreadSchedule();
  try {
    return schedule.read()?.runningMs ?? null;
  } finally {
    schedule.close();
  }
}

export class StallProbe {
  private readonly histogram = monitorEventLoopDelay({ resolution: 1 });
  private readonly schedule = new ThreadSchedule();
  private readonly gc = new PerformanceObserver((list) => {
    if (!this.warm) return;
    for (const e of list.getEntries()) this.maxGcPauseMs = Math.max(this.maxGcPauseMs, e.duration);
  });
  private timer: NodeJS.Timeout | undefined;
  private warm = false;
  private maxGapMs = 0;
  private maxGapWarmMs = 0;
  private worst: { runningMs: number; waitingMs: number } | null = null;
  private maxRunningMs = 0;
  private over5 = { count: 0, totalMs: 0, waitingMs: 0 };
  private maxGcPauseMs = 0;

  /** From now on stalls count as warm (the generator and the store code are compiled). */
  warmed(): void {
    this.warm = true;
  }

  start(): void {
    this.histogram.enable();
    this.gc.observe({ entryTypes: ['gc'] });
    let last = performance.now();
    let lastSched = this.schedule.read();
    this.timer = setInterval(() => {
      const now = performance.now();
      const sched = this.schedule.read();
      const gapMs = now - last - 1;
      this.maxGapMs = Math.max(this.maxGapMs, gapMs);
      if (this.warm) {
        const split =
          sched && lastSched
            ? {
                runningMs: Math.min(gapMs, sched.runningMs - lastSched.runningMs),
                waitingMs: Math.min(gapMs, sched.waitingMs - lastSched.waitingMs),
              }
            : null;
        if (gapMs > this.maxGapWarmMs) {
          this.maxGapWarmMs = gapMs;
          this.worst = split;
        }
        if (split) this.maxRunningMs = Math.max(this.maxRunningMs, split.runningMs);
        if (gapMs > 5) {
          this.over5.count++;
          this.over5.totalMs += gapMs;
          this.over5.waitingMs += split?.waitingMs ?? 0;
        }
      }
      last = now;
      lastSched = sched;
    }, 1);
  }

  stop(): StallReport {
    clearInterval(this.timer);
    this.histogram.disable();
    this.gc.disconnect();
    const linux = this.schedule.read() !== null;
    this.schedule.close();
    return {
      maxStallMs: this.maxGapMs,
      maxStallWarmMs: this.maxGapWarmMs,
      worstRunningMs: this.worst?.runningMs ?? null,
      worstWaitingMs: this.worst?.waitingMs ?? null,
      maxRunningStallMs: linux ? this.maxRunningMs : null,
      stallsOver5Ms: this.over5.count,
      stallOver5TotalMs: this.over5.totalMs,
      stallOver5WaitingMs: linux ? this.over5.waitingMs : null,
      maxGcPauseMs: this.maxGcPauseMs,
      p99DelayMs: this.histogram.percentile(99) / 1e6,
      maxDelayMs: this.histogram.max / 1e6,
    };
  }
}
