// One measured window of a load run, in the app's process: its event-loop delay, CPU (all its threads:
// the core, the call log's writer, the scripted model), the CPU the carrier process and everything else
// on the machine used meanwhile, and memory per call after a full GC, next to the carrier's report.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { CarrierReport } from './carrier-commands';
import type { RemoteCarrier } from './remote-carrier';
import { StallProbe } from './stall-probe';
import { round } from './stats';

v8.setFlagsFromString('--expose-gc');
/** Full garbage collection before memory readings, so they show what calls hold, not garbage. */
export const collectGarbage = vm.runInNewContext('gc') as () => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Busy CPU ms of the whole machine so far (Linux /proc/stat), or null where unavailable. */
function machineBusyMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8')
      .split('\n', 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return ((total - idle) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export interface WindowFigures {
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number };
  /**
   * The app's longest main-thread stall in the window, split (Linux) into time it ran (its own work and
   * GC) and time it waited for a CPU (other threads and programs had the cores); and the longest stall
   * counting only its own running time.
   */
  readonly worstStallMs: { total: number; running: number | null; waiting: number | null };
  readonly longestOwnStallMs: number | null;
  /** Longest garbage-collection pause in the window. */
  readonly longestGcPauseMs: number;
  /** Main-thread stalls over 5 ms: how many, and their total. */
  readonly stallsOver5Ms: { count: number; totalMs: number };
  /** The app's process, % of one core. */
  readonly cpuCorePct: number;
  readonly cpuCorePctPerCall: number;
  /** The simulated carrier's process. */
  readonly carrierCpuCorePct: number;
  /** Everything else on the machine (other programs share the cores and cause stalls). */
  readonly otherCpuCorePct: number | null;
  readonly rssMbPerCall: number;
  readonly heapMbPerCall: number;
  /** 1-minute load average when the window ended. */
  readonly loadAverage: number;
  readonly carrier: CarrierReport;
}

/** Memory before the calls: take it first, then set the calls up, then `measure`. */
export function memoryBaseline(): NodeJS.MemoryUsage {
  collectGarbage();
  return process.memoryUsage();
}

export async function measureWindow(
  carrier: RemoteCarrier,
  calls: number,
  windowMs: number,
  before: NodeJS.MemoryUsage,
): Promise<WindowFigures> {
  await carrier.call('count', { on: true });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const stalls = new StallProbe();
  stalls.start();
  stalls.warmed();
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusyMs();
  const w0 = performance.now();
  await sleep(windowMs);
  const cpu = process.cpuUsage(cpu0);
  const busy1 = machineBusyMs();
  const wallMs = performance.now() - w0;
  delay.disable();
  const stall = stalls.stop();
  await carrier.call('count', { on: false });
  const report = await carrier.call('report', {});
  collectGarbage();
  const mem = process.memoryUsage();
  const cpuCorePct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  return {
    eventLoopDelayMs: {
      p50: round(delay.percentile(50) / 1e6)!,
      p99: round(delay.percentile(99) / 1e6)!,
      max: round(delay.max / 1e6)!,
    },
    worstStallMs: {
      total: round(stall.maxStallWarmMs, 1)!,
      running: round(stall.worstRunningMs, 1),
      waiting: round(stall.worstWaitingMs, 1),
    },
    longestOwnStallMs: round(stall.maxRunningStallMs, 1),
    longestGcPauseMs: round(stall.maxGcPauseMs, 1)!,
    stallsOver5Ms: { count: stall.stallsOver5Ms, totalMs: round(stall.stallOver5TotalMs, 0)! },
    cpuCorePct: round(cpuCorePct, 1)!,
    cpuCorePctPerCall: round(cpuCorePct / calls, 3)!,
    carrierCpuCorePct: report.cpuCorePct,
    otherCpuCorePct:
      busy0 === null || busy1 === null
        ? null
        : round(Math.max(0, ((busy1 - busy0) / wallMs) * 100 - cpuCorePct - report.cpuCorePct), 0),
    rssMbPerCall: round((mem.rss - before.rss) / 2 ** 20 / calls, 3)!,
    heapMbPerCall: round((mem.heapUsed - before.heapUsed) / 2 ** 20 / calls, 3)!,
    loadAverage: round(os.loadavg()[0]!, 2)!,
    carrier: report,
  };
}
