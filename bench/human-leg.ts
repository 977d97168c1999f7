// Two-leg human calls under load: each caller is handed to a person on a phone through the bridge
// (the real core with no AI: the human route rings the next free agent over the simulator's REST
// API, the agent's phone answers and the PBX opens its leg's media socket back to us; CallSession,
// BridgeAudio and PhoneLeg then relay caller ⇄ agent), with the call log recording and a console
// window watching. The simulated carrier (webhooks, both legs' media, REST, PBX) runs in its own
// process; both people talk all the time in tagged frames (tagged-frame.ts), so the far side
// measures what the bridge adds. Measures: relay latency each way, late frames at each ear,
// event-loop delay, CPU and memory per call at 50/100/200 concurrent calls.
import type { Benchmark, BenchContext, BenchResult, BenchTable } from './benchmark';
import type { Spread } from './carrier-commands';
import { ConsoleWatcher } from './console-watcher';
import { measureWindow, memoryBaseline, type WindowFigures } from './load-window';
import { RemoteCarrier } from './remote-carrier';
import { round } from './stats';
import { startTestApp } from '../test/harness/app';
import { TestConsole } from '../test/harness/test-console';

const WEBHOOK_SECRET = 'whsec_bench_human_leg';
const TEAM_NUMBER = '+254709000000';
/** How long all the hand-offs of one step may take before the step gives up. */
const JOIN_TIMEOUT_MS = 90_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Direction {
  /** Far side's send → arrival at this ear, ms. */
  readonly relayMs: Spread;
  readonly lateFrames: number;
  readonly latePct: number;
  readonly worstLateMs: number;
}

interface HumanRow extends Omit<WindowFigures, 'carrier'> {
  readonly calls: number;
  /** Calls whose agent was joined when the window opened. */
  readonly joined: number;
  readonly setupS: number;
  /** What the caller hears: the agent's voice, through the caller's pacer. */
  readonly atCaller: Direction;
  /** What the agent hears: the caller's voice, forwarded as it arrives. */
  readonly atAgent: Direction;
  readonly carrierLoopDelayMs: { p50: number; p99: number; max: number };
  readonly consoleEventsPerS: number;
}

function direction(w: WindowFigures, role: 'caller' | 'agent'): Direction {
  const streams = w.carrier.streams.filter((s) => s.role === role);
  const late = streams.reduce((sum, s) => sum + s.lateFrames, 0);
  const counted = streams.reduce((sum, s) => sum + s.countedFrames, 0);
  return {
    relayMs: w.carrier.relayMs[role],
    lateFrames: late,
    latePct: round((late / Math.max(1, counted)) * 100, 3)!,
    worstLateMs: round(Math.max(0, ...streams.map((s) => s.worstLateMs)), 1)!,
  };
}

async function load(calls: number, windowMs: number, log: (s: string) => void): Promise<HumanRow> {
  const before = memoryBaseline();
  const carrier = await RemoteCarrier.start();
  const agents = Array.from({ length: calls }, (_, i) => `+25471${String(i + 1).padStart(7, '0')}`);
  let app: Awaited<ReturnType<typeof startTestApp>> | null = null;
  let watcher: ConsoleWatcher | null = null;
  try {
    const rest = await carrier.call('restStart', { webhookSecret: WEBHOOK_SECRET, agents });
    app = await startTestApp({
      webhookSecret: WEBHOOK_SECRET,
      sautikitApiBase: rest.url,
      sautikitApiKey: rest.apiKey,
      sautikitTimeoutMs: 5000,
      dialTimeoutS: 30,
      newCallsBurst: 100_000,
      newCallsPerS: 10_000,
    });
    const team = new TestConsole(app);
    for (const [i, number] of agents.entries())
      await team.cmd('agent.save', { name: `Agent ${i + 1}`, number });
    team.close();
    watcher = new ConsoleWatcher(app.core);
    await carrier.call('restConnect', { appUrl: app.url, teamNumber: TEAM_NUMBER });
    const t0 = performance.now();
    await carrier.call('humanCalls', { count: calls });
    const { registry } = app.core;
    const withAgent = () => registry.list().filter((c) => c.phase === 'with-human').length;
    while (withAgent() < calls && performance.now() - t0 < JOIN_TIMEOUT_MS) await sleep(100);
    const setupS = (performance.now() - t0) / 1000;
    const joined = withAgent();
    await sleep(1000);
    const events0 = watcher.events;
    const w = await measureWindow(carrier, calls, windowMs, before);
    const { carrier: report, ...figures } = w;
    const row: HumanRow = {
      ...figures,
      calls,
      joined,
      setupS: round(setupS, 1)!,
      atCaller: direction(w, 'caller'),
      atAgent: direction(w, 'agent'),
      carrierLoopDelayMs: report.loopDelayMs,
      consoleEventsPerS: round(((watcher.events - events0) * 1000) / windowMs, 0)!,
    };
    log(
      `human × ${calls} (${joined} joined): loop p99/max ${row.eventLoopDelayMs.p99}/${row.eventLoopDelayMs.max} ms ` +
        `(worst stall ${row.worstStallMs.total} ms: ran ${row.worstStallMs.running}, waited ${row.worstStallMs.waiting}), ` +
        `CPU ${row.cpuCorePct}% (carrier ${row.carrierCpuCorePct}%, others ${row.otherCpuCorePct}%), ` +
        `late at caller ${row.atCaller.lateFrames}, at agent ${row.atAgent.lateFrames}, ` +
        `relay p99 ${row.atCaller.relayMs.p99}/${row.atAgent.relayMs.p99} ms, load ${row.loadAverage}`,
    );
    return row;
  } finally {
    await carrier.stop();
    watcher?.close();
    await app?.stop();
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const loads = ctx.quick ? [20, 50] : [50, 100, 200];
  const windowMs = ctx.quick ? 3000 : 6000;
  const rows: HumanRow[] = [];
  for (const n of loads) rows.push(await load(n, windowMs, ctx.log));
  const spread = (s: Spread) => `${s.p50 ?? '–'} / ${s.p99 ?? '–'} / ${s.max ?? '–'}`;
  const tables: BenchTable[] = [
    {
      title: 'Two-leg human calls: caller ⇄ agent’s phone through the bridge, both talking all the time',
      columns: [
        'calls',
        'joined',
        'agent → caller ms p50/p99/max',
        'caller → agent ms p50/p99/max',
        'late at caller (%)',
        'late at agent (%)',
        'loop delay p50/p99/max ms',
        'worst stall ms (ran / waited)',
        'CPU % core',
        'CPU %/call',
        'carrier % core',
        'others % core',
        'RSS / heap MB/call',
        'console events/s',
        'load avg',
      ],
      rows: rows.map((r) => [
        r.calls,
        r.joined,
        spread(r.atCaller.relayMs),
        spread(r.atAgent.relayMs),
        `${r.atCaller.lateFrames} (${r.atCaller.latePct}%)`,
        `${r.atAgent.lateFrames} (${r.atAgent.latePct}%)`,
        `${r.eventLoopDelayMs.p50} / ${r.eventLoopDelayMs.p99} / ${r.eventLoopDelayMs.max}`,
        `${r.worstStallMs.total} (${r.worstStallMs.running ?? '–'} / ${r.worstStallMs.waiting ?? '–'})`,
        r.cpuCorePct,
        r.cpuCorePctPerCall,
        r.carrierCpuCorePct,
        r.otherCpuCorePct,
        `${r.rssMbPerCall} / ${r.heapMbPerCall}`,
        r.consoleEventsPerS,
        r.loadAverage,
      ]),
      notes: [
        'agent → caller: the agent’s frame left their phone → reached the caller’s carrier (the bridge holds',
        '  the first frame after a pause one frame as a jitter cushion, then paces); caller → agent: forwarded',
        '  as it arrives; both include the loopback network and the carrier process’s own event loop',
        'late = a frame that reached an ear after it was due to play (the caller’s timeline starts at the first',
        '  frame; the agent’s phone leg plays with a one-frame jitter buffer, as the bridge forwards unbuffered)',
        'the app’s process: the core (no AI), the call log’s threads and a console watching; the carrier runs',
        '  in its own process; memory per call after a full GC, relative to before the calls',
      ],
    },
  ];
  return { tables, data: { load: rows } };
}

const humanLegBenchmark: Benchmark = {
  name: 'human-leg',
  description: 'two-leg human calls through the bridge: relay latency, late frames, CPU, memory',
  run,
};

export default humanLegBenchmark;
