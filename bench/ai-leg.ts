// The AI leg, side by side: our bridge (the real core: CallSession + Pacer, the call log recording,
// a console window watching) and a naive seed-style relay (model audio straight to the carrier socket),
// both with a scripted model that streams 24 kHz speech faster than real time. Barge-in runs against
// the Sautikit simulator in this process (its playout clock says what the caller heard); load runs put
// the simulated carrier in a process of its own (carrier-process.ts), as the real one is remote, and
// each load step in a fresh process (load-step.ts), as a real app's process would be.
// Measures: stale audio after barge-in, model audio → carrier frame latency, per-frame relay cost,
// event-loop delay at 50/200/400 concurrent real-time calls, CPU and memory per call, and the most
// concurrent calls this machine carries with no late frame.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RealtimeSession, SessionOptions } from '../bridge/ai/provider';
import { PUBLIC_CONNECTION_LIMITS } from '../bridge/http/connection-limits';
import { realClock, type Clock } from '../bridge/base/clock';
import { speech } from '../test/fakes/fake-voice';
import {
  ScriptedProvider,
  type ScriptedOptions,
  type ScriptedSession,
} from '../test/fakes/scripted-provider';
import { startTestApp } from '../test/harness/app';
import { SautikitSim, SimCall, waitFor } from '../test/sim/carrier';
import type { Benchmark, BenchContext, BenchResult, BenchTable } from './benchmark';
import { ConsoleWatcher } from './console-watcher';
import { measureWindow, memoryBaseline, type WindowFigures } from './load-window';
import { geminiWireCost, type WireCost } from './model-wire';
import { startNaiveRelay } from './naive-relay';
import { RemoteCarrier } from './remote-carrier';
import { percentile, round, Samples } from './stats';

type RigKind = 'bridge' | 'naive';

const AGENT_24K = speech('agent-long-reply-24k.wav');
const CALLER_16K = speech('caller-hours.wav');
const GREETING = 'benchmark line';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A late-frame rate this low still counts as carrying the load (one event-loop hiccup, not overload). */
const TOLERATED_LATE_PCT = 0.1;
/**
 * The most calls the search tries: the public port takes at most PUBLIC_CONNECTION_LIMITS.total
 * connections (a file-descriptor budget), one media socket per call plus the webhooks in flight.
 */
const MAX_CALLS = Math.floor((PUBLIC_CONNECTION_LIMITS.total * 0.9) / 25) * 25;
/** How much faster than real time the model streams under load. */
const LOAD_SPEEDUP = 1.5;

/** The scripted model, timed: when each call's first audio left it, how long its listeners took per frame. */
class TimedProvider extends ScriptedProvider {
  readonly chunkUsPerFrame = new Samples();
  readonly firstAudioAt = new Map<string, number>();
  readonly interruptedAt = new Map<string, number>();

  /**
   * With `nextLineAfterMs`, the model starts another line that long after finishing one (a chatty
   * agent); each session opens up to `spreadMs` late, so sessions do not stream in step.
   */
  constructor(
    options: ScriptedOptions,
    private readonly nextLineAfterMs: number | null = null,
    private readonly spreadMs = 0,
  ) {
    super(options);
  }

  override connect(options: SessionOptions): Promise<RealtimeSession> {
    // Real models' sessions stream on phases of their own; calls set up 25 at a time would otherwise
    // send their chunks in step, a burst no set of independent calls makes.
    const phaseMs = Math.random() * this.spreadMs;
    return new Promise((resolve) => setTimeout(resolve, phaseMs))
      .then(() => super.connect(options))
      .then((session) => {
        this.instrument(options.callId, session as ScriptedSession);
        return session;
      });
  }

  private instrument(callId: string, session: ScriptedSession): void {
    const ev = session.events;
    const emit = ev.emit.bind(ev);
    const framesPerSample = 1 / (session.capabilities.outputSampleRateHz * 0.02);
    ev.emit = ((name: string, payload: unknown) => {
      if (name === 'audio') {
        const t = performance.now();
        if (!this.firstAudioAt.has(callId)) this.firstAudioAt.set(callId, t);
        emit('audio', payload as Int16Array);
        const frames = (payload as Int16Array).length * framesPerSample;
        if (frames > 0) this.chunkUsPerFrame.add(((performance.now() - t) * 1000) / frames);
        return;
      }
      if (name === 'interrupted') this.interruptedAt.set(callId, performance.now());
      if (name === 'turn.complete' && this.nextLineAfterMs !== null) {
        setTimeout(() => session.speak(GREETING), this.nextLineAfterMs).unref();
      }
      (emit as (n: string, p: unknown) => void)(name, payload);
    }) as typeof ev.emit;
  }
}

/** The real clock, timing every timer callback of the core (mostly the frame clock's ticks). */
function timedClock(samples: Samples): Clock {
  return {
    nowMs: realClock.nowMs,
    epochMs: realClock.epochMs,
    setTimeout: (fn, delayMs) =>
      realClock.setTimeout(() => {
        const t = performance.now();
        fn();
        samples.add((performance.now() - t) * 1000);
      }, delayMs),
    clearTimeout: (h) => realClock.clearTimeout(h),
  };
}

interface Rig {
  readonly kind: RigKind;
  readonly provider: TimedProvider;
  /** The core's timer callbacks, µs (empty for the naive relay: it has no timers). */
  readonly ticksUs: Samples;
  /** The app's base URL (bridge) or the relay's media URL (naive), for the carrier process. */
  readonly url: string;
  /** Console events the watching window received (bridge only). */
  readonly consoleEvents: () => number;
  /** Places a call from this process's simulator and opens its media socket (barge-in runs). */
  placeCall(): Promise<SimCall>;
  stop(): Promise<void>;
}

async function startRig(
  kind: RigKind,
  model: ScriptedOptions,
  nextLineAfterMs: number | null = null,
): Promise<Rig> {
  const chunkPeriodMs = nextLineAfterMs === null ? 0 : (model.chunkMs ?? 40) / (model.speedup ?? 4);
  const provider = new TimedProvider(model, nextLineAfterMs, chunkPeriodMs);
  const ticksUs = new Samples();
  if (kind === 'bridge') {
    const app = await startTestApp(
      // Hundreds of calls at once: far above the new-call cap a real number needs.
      {
        greeting: GREETING,
        deadAirMs: 60_000,
        pacerLeadMs: 60,
        newCallsBurst: 100_000,
        newCallsPerS: 10_000,
      },
      { createProvider: () => provider, clock: timedClock(ticksUs) },
    );
    // The call log records every call (the core's store threads); a window watches the live board.
    const watcher = new ConsoleWatcher(app.core);
    return {
      kind,
      provider,
      ticksUs,
      url: app.url,
      consoleEvents: () => watcher.events,
      async placeCall() {
        const call = await app.sim.placeCall();
        await call.connectMedia();
        return call;
      },
      async stop() {
        watcher.close();
        await app.stop();
      },
    };
  }
  const relay = await startNaiveRelay(provider, GREETING);
  const sim = new SautikitSim({ appUrl: 'http://127.0.0.1:9' });
  let n = 0;
  return {
    kind,
    provider,
    ticksUs,
    url: relay.url,
    consoleEvents: () => 0,
    async placeCall() {
      const sid = `CA-naive-${++n}`;
      const call = new SimCall(sim, sid, '+254712345678', '+254709000000', {
        status: 200,
        contentType: '',
        body: '',
      });
      sim.calls.set(sid, call);
      await call.connectMedia({ url: relay.url });
      return call;
    },
    async stop() {
      await sim.hangUpAll();
      await relay.stop();
    },
  };
}

// ── barge-in: stale audio after the interruption ───────────────────────────────────────────────────

interface BargeRow {
  rig: RigKind;
  carrier: 'honours killAudio' | 'ignores killAudio';
  calls: number;
  killAudioSent: number;
  staleMs: number[];
}

async function bargeIn(kind: RigKind, honour: boolean, calls: number): Promise<BargeRow> {
  const rig = await startRig(kind, {
    capabilities: {
      inputSampleRateHz: 16_000,
      outputSampleRateHz: 24_000,
      detectsBargeIn: true,
      canTruncate: false,
    },
    voice: () => AGENT_24K,
    answers: false,
    chunkMs: 40,
    speedup: 3,
  });
  const row: BargeRow = {
    rig: kind,
    carrier: honour ? 'honours killAudio' : 'ignores killAudio',
    calls,
    killAudioSent: 0,
    staleMs: [],
  };
  try {
    await Promise.all(
      Array.from({ length: calls }, async () => {
        const call = await rig.placeCall();
        if (!honour) call.playout.kill = () => undefined;
        await call.streamSilence(1200);
        await waitFor(() => call.playout.firstAudibleAfter(0) >= 0, 10_000, 'greeting');
        await call.streamAudio(CALLER_16K);
        await call.streamSilence(2500);
        const interruptedAt = rig.provider.interruptedAt.get(call.callSid);
        if (call.controlMessages.some((m) => m.type === 'killAudio')) row.killAudioSent++;
        if (interruptedAt === undefined) return;
        // Same process, same performance clock: move the model's signal onto the playout clock.
        const atPlayoutMs = interruptedAt - (performance.now() - call.playout.nowMs());
        row.staleMs.push(call.playout.audibleMsAfter(atPlayoutMs));
        await call.hangUp();
      }),
    );
  } finally {
    await rig.stop();
  }
  return row;
}

// ── load: N concurrent real-time calls ─────────────────────────────────────────────────────────────

/** Of `calls`, how many join one by one during the window (the rest are set up before it). */
function joiningCalls(calls: number): number {
  return Math.max(5, Math.ceil(calls / 10));
}

interface LoadRow extends Omit<WindowFigures, 'carrier'> {
  rig: RigKind;
  calls: number;
  callsWithAudio: number;
  firstFrameMs: { p50: number | null; p99: number | null };
  chunkUsPerFrame: { p50: number | null; p99: number | null };
  tickUs: { p50: number | null; p99: number | null };
  carrierLoopDelayMs: { p50: number; p99: number; max: number };
  consoleEventsPerS: number;
  lateFrames: number;
  latePct: number;
  worstLateMs: number;
  setupS: number;
}

export async function load(
  kind: RigKind,
  calls: number,
  windowMs: number,
  log: (s: string) => void,
): Promise<LoadRow> {
  const before = memoryBaseline();
  // Replies of 10.5 s streamed at 1.5× real time, each next one starting just before the last ends
  // playing, so every call has agent audio throughout.
  const lineMs = (AGENT_24K.length / 24_000) * 1000;
  const rig = await startRig(
    kind,
    {
      capabilities: { inputSampleRateHz: 16_000, outputSampleRateHz: 24_000, detectsBargeIn: true },
      voice: () => AGENT_24K,
      chunkMs: 80,
      speedup: LOAD_SPEEDUP,
    },
    lineMs - lineMs / LOAD_SPEEDUP - 400,
  );
  let carrier: RemoteCarrier | null = null;
  try {
    carrier = await RemoteCarrier.start();
    const target = kind === 'bridge' ? { appUrl: rig.url } : { relayUrl: rig.url };
    const joining = joiningCalls(calls);
    const t0 = performance.now();
    await carrier.call('aiCalls', { ...target, count: calls - joining });
    const setupS = (performance.now() - t0) / 1000;
    await sleep(1000);
    rig.provider.chunkUsPerFrame.clear();
    rig.ticksUs.clear();
    const events0 = rig.consoleEvents();
    const window = measureWindow(carrier, calls, windowMs, before);
    // New calls join one at a time while the others stream (as calls arrive on a real number): their
    // greetings give the first-frame latency under load.
    const joined = carrier.call('aiCalls', { ...target, count: joining, everyMs: windowMs / joining });
    const w = await window;
    const { callSids: joinedSids } = await joined;
    const consoleEventsPerS = ((rig.consoleEvents() - events0) * 1000) / windowMs;
    const firstFrame = new Samples();
    for (const s of w.carrier.streams) {
      const sent = rig.provider.firstAudioAt.get(s.callSid);
      if (!joinedSids.includes(s.callSid) || sent === undefined || s.firstFrameAtMs < 0) continue;
      firstFrame.add(carrier.toLocalMs(s.firstFrameAtMs) - sent);
    }
    const { carrier: report, ...figures } = w;
    const lateFrames = report.streams.reduce((sum, st) => sum + st.lateFrames, 0);
    const countedFrames = report.streams.reduce((sum, st) => sum + st.countedFrames, 0);
    const row: LoadRow = {
      ...figures,
      rig: kind,
      calls,
      callsWithAudio: report.streams.filter((st) => st.frames > 0).length,
      firstFrameMs: { p50: round(firstFrame.p(50)), p99: round(firstFrame.p(99)) },
      chunkUsPerFrame: {
        p50: round(rig.provider.chunkUsPerFrame.p(50)),
        p99: round(rig.provider.chunkUsPerFrame.p(99)),
      },
      tickUs: { p50: round(rig.ticksUs.p(50)), p99: round(rig.ticksUs.p(99)) },
      carrierLoopDelayMs: report.loopDelayMs,
      consoleEventsPerS: round(consoleEventsPerS, 0)!,
      lateFrames,
      latePct: round((lateFrames / Math.max(1, countedFrames)) * 100, 3)!,
      worstLateMs: round(Math.max(0, ...report.streams.map((st) => st.worstLateMs)), 1)!,
      setupS: round(setupS, 1)!,
    };
    log(
      `${kind} × ${calls}: loop p99/max ${row.eventLoopDelayMs.p99}/${row.eventLoopDelayMs.max} ms ` +
        `(worst stall ${row.worstStallMs.total} ms: ran ${row.worstStallMs.running}, waited ${row.worstStallMs.waiting}; ` +
        `longest own ${row.longestOwnStallMs}, GC ${row.longestGcPauseMs}, >5 ms ${row.stallsOver5Ms.count}), ` +
        `CPU ${row.cpuCorePct}% of a core (carrier ${row.carrierCpuCorePct}%, others ${row.otherCpuCorePct}%), ` +
        `late frames ${row.lateFrames}, first frame p99 ${row.firstFrameMs.p99} ms ` +
        `(carrier loop p99 ${row.carrierLoopDelayMs.p99} ms), ` +
        `load ${row.loadAverage}`,
    );
    return row;
  } finally {
    await carrier?.stop();
    await rig.stop();
  }
}

// ── the benchmark ───────────────────────────────────────────────────────────────────────────────────

export interface LoadStep {
  readonly kind: RigKind;
  readonly calls: number;
  readonly windowMs: number;
}

const LOAD_STEP = fileURLToPath(new URL('./load-step.ts', import.meta.url));

/** `load` in a fresh process (load-step.ts): each step starts from a new heap, as a real app would. */
function loadFresh(
  kind: RigKind,
  calls: number,
  windowMs: number,
  log: (s: string) => void,
): Promise<LoadRow> {
  const step: LoadStep = { kind, calls, windowMs };
  const child = fork(LOAD_STEP, [JSON.stringify(step)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<LoadRow>((resolve, reject) => {
    let row: LoadRow | null = null;
    child.on('message', (m: { log?: string; row?: LoadRow; error?: string }) => {
      if (m.log) log(m.log);
      if (m.row) row = m.row;
      if (m.error) reject(new Error(`load step ${kind} × ${calls}: ${m.error}`));
    });
    child.on('exit', (code) =>
      row
        ? resolve(row)
        : reject(new Error(`load step ${kind} × ${calls} exited (${code}) without a result`)),
    );
  });
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const started = performance.now();
  const budgetMs = ctx.quick ? 90_000 : 270_000;
  const bargeCalls = ctx.quick ? 2 : 8;
  const loads = ctx.quick ? [20, 50] : [50, 200, 400];
  const windowMs = ctx.quick ? 3000 : 6000;

  ctx.log(`barge-in: ${bargeCalls} calls per case`);
  const barge: BargeRow[] = [];
  for (const kind of ['bridge', 'naive'] as const) {
    for (const honour of [true, false]) barge.push(await bargeIn(kind, honour, bargeCalls));
  }

  const loadRows: LoadRow[] = [];
  for (const n of loads) {
    for (const kind of ['bridge', 'naive'] as const)
      loadRows.push(await loadFresh(kind, n, windowMs, ctx.log));
  }

  // Most calls carried: past the load steps, add calls until the test fails, then narrow the gap
  // between the most calls that passed and the fewest that failed. Runs are shared by both tests.
  const maxRows: LoadRow[] = loadRows.filter((r) => r.rig === 'bridge');
  const inBudget = () => performance.now() - started < budgetMs;
  const search = async (passes: (r: LoadRow) => boolean) => {
    const bounds = () => {
      const ok = maxRows.filter(passes).map((r) => r.calls);
      const bad = maxRows.filter((r) => !passes(r)).map((r) => r.calls);
      return { ok: ok.length ? Math.max(...ok) : 0, bad: bad.length ? Math.min(...bad) : null };
    };
    while (bounds().bad === null && inBudget()) {
      const n = Math.min(MAX_CALLS, Math.round((bounds().ok * 1.5) / 50) * 50);
      if (n <= bounds().ok) break;
      maxRows.push(await loadFresh('bridge', n, windowMs, ctx.log));
    }
    for (;;) {
      const { ok, bad } = bounds();
      if (bad === null || bad - ok <= Math.max(25, ok * 0.2) || !inBudget()) break;
      const n = Math.round((ok + bad) / 2 / 25) * 25;
      if (n <= ok || n >= bad) break;
      const known = maxRows.find((r) => r.calls === n);
      if (known) break;
      maxRows.push(await loadFresh('bridge', n, windowMs, ctx.log));
    }
    return bounds();
  };
  const strict = await search((r) => r.lateFrames === 0 && r.callsWithAudio === r.calls);
  const tolerated = await search((r) => r.latePct <= TOLERATED_LATE_PCT && r.callsWithAudio === r.calls);
  maxRows.sort((a, b) => a.calls - b.calls);

  const wireSessions = ctx.quick ? 20 : 50;
  ctx.log(`model wire: ${wireSessions} Gemini Live sessions through the SDK`);
  const wireCarrier = await RemoteCarrier.start();
  const wire: WireCost[] = [];
  try {
    for (const where of ['main thread', 'AI thread'] as const)
      wire.push(await geminiWireCost(wireCarrier, wireSessions, ctx.quick ? 2000 : 3000, where));
  } finally {
    await wireCarrier.stop();
  }

  const untilWhat = (calls: number) =>
    calls >= MAX_CALLS
      ? `the public port's cap of ${PUBLIC_CONNECTION_LIMITS.total} connections stops the search there`
      : 'time budget reached';
  const tables: BenchTable[] = [
    {
      title: 'Barge-in: audio the caller still hears after the interruption (simulator playout clock)',
      columns: ['relay', 'carrier', 'calls', 'killAudio sent', 'stale ms (median)', 'stale ms (max)'],
      rows: barge.map((r) => [
        r.rig,
        r.carrier,
        r.calls,
        r.killAudioSent,
        percentile(r.staleMs, 50),
        percentile(r.staleMs, 100),
      ]),
      notes: [
        'stale = audible 20 ms frames played after the model signalled `interrupted`; target ≤ 60 ms',
        'Sautikit may not honour killAudio: "ignores" shows what the pacer alone guarantees',
      ],
    },
    {
      title: `Concurrent real-time calls (replies of 10.5 s, streamed ${LOAD_SPEEDUP}× faster than real time)`,
      columns: [
        'relay',
        'calls',
        'with audio',
        'first frame p50/p99 ms',
        'carrier loop delay p99/max ms',
        'chunk in µs/frame p50/p99',
        'core timers µs p50/p99',
        'loop delay p50/p99/max ms',
        'CPU % core',
        'CPU %/call',
        'carrier % core',
        'others % core',
        'RSS / heap MB/call',
        'console events/s',
        'late frames (%)',
        'load avg',
      ],
      rows: loadRows.map((r) => [
        r.rig,
        r.calls,
        r.callsWithAudio,
        `${r.firstFrameMs.p50 ?? '–'} / ${r.firstFrameMs.p99 ?? '–'}`,
        `${r.carrierLoopDelayMs.p99} / ${r.carrierLoopDelayMs.max}`,
        `${r.chunkUsPerFrame.p50 ?? '–'} / ${r.chunkUsPerFrame.p99 ?? '–'}`,
        r.rig === 'bridge' ? `${r.tickUs.p50 ?? '–'} / ${r.tickUs.p99 ?? '–'}` : 'n/a',
        `${r.eventLoopDelayMs.p50} / ${r.eventLoopDelayMs.p99} / ${r.eventLoopDelayMs.max}`,
        r.cpuCorePct,
        r.cpuCorePctPerCall,
        r.carrierCpuCorePct,
        r.otherCpuCorePct,
        `${r.rssMbPerCall} / ${r.heapMbPerCall}`,
        r.rig === 'bridge' ? r.consoleEventsPerS : 'n/a',
        `${r.lateFrames} (${r.latePct}%)`,
        r.loadAverage,
      ]),
      notes: [
        'first frame = a new call’s greeting: model’s first audio chunk → first 20 ms frame received by the',
        '  carrier (added latency), over the calls that join one by one during the window (a tenth, at least 5);',
        '  it includes the simulated carrier’s own event loop (a JavaScript process serving every stream;',
        '  its loop delay is a 10 ms timer’s interval, so 10 = no delay), which a real media server does not add',
        'chunk in = resample + queue (bridge) or resample + socket write (naive), per 20 ms of audio',
        'core timers = one timer callback of the core: mostly the frame clock waking every pacer that is due',
        'the app’s process: the core, the call log’s threads (bridge) and the scripted model; the carrier',
        '  (Sautikit simulator: webhooks, media sockets, caller audio, probes) runs in its own process',
        '"others" = CPU other programs used meanwhile on the shared cores (they cause event-loop stalls)',
        'late frame = a frame that reached the carrier after it was due to play (the caller hears a gap)',
        'memory per call: after a full GC, relative to before the calls (queued reply audio dominates)',
      ],
    },
    {
      title: 'Bridge: most concurrent calls with no late frame on this machine',
      columns: [
        'calls',
        'late frames',
        'late %',
        'worst late ms',
        'loop delay p99/max ms',
        'CPU % core',
        'others % core',
      ],
      rows: maxRows.map((r) => [
        r.calls,
        r.lateFrames,
        r.latePct,
        r.worstLateMs,
        `${r.eventLoopDelayMs.p99} / ${r.eventLoopDelayMs.max}`,
        r.cpuCorePct,
        r.otherCpuCorePct,
      ]),
      notes: [
        strict.bad === null
          ? `no late frame up to ${strict.ok} calls (${untilWhat(strict.ok)})`
          : `most calls with no late frame: ${strict.ok} (late frames at ${strict.bad})`,
        tolerated.bad === null
          ? `late frames ≤ ${TOLERATED_LATE_PCT}% up to ${tolerated.ok} calls (${untilWhat(tolerated.ok)})`
          : `most calls with late frames ≤ ${TOLERATED_LATE_PCT}%: ${tolerated.ok} (above at ${tolerated.bad})`,
        'the lead (60 ms) leaves 40 ms of slack: one event-loop stall longer than that makes every call late at once',
      ],
    },
    {
      title: 'What a real model’s wire costs per 20 ms of audio (Gemini Live SDK over a socket, app CPU)',
      columns: [
        'sessions on',
        'sessions',
        'received 20 ms/s',
        'receive µs/20 ms (main thread)',
        'sent 20 ms/s',
        'send µs/20 ms (main thread)',
        'both ways at 200 calls, % core (main thread)',
      ],
      rows: wire.map((w) => [
        w.where,
        w.sessions,
        w.receivedPerS,
        `${w.receiveUsPer20Ms} (${w.mainThread?.receiveUsPer20Ms ?? '–'})`,
        w.sentPerS,
        `${w.sendUsPer20Ms} (${w.mainThread?.sendUsPer20Ms ?? '–'})`,
        `${w.corePctAt200} (${w.mainThread?.corePctAt200 ?? '–'})`,
      ]),
      notes: [
        'app CPU, every thread; in brackets the main thread’s share (it paces every call’s audio): on the AI',
        '  thread (AI_THREAD, the default) it keeps only the hand-over of audio and events',
        'the app’s GeminiProvider (official SDK, our guarded socket and parsing) against the fake Gemini Live',
        '  service in the carrier process: receive = 24 kHz base64 audio in JSON (parsed by our guard, then by',
        '  the SDK); send = each 20 ms caller frame as base64 in JSON; the load runs’ scripted model has no wire,',
        '  so for Gemini calls this comes on top of their CPU',
      ],
    },
  ];
  return {
    tables,
    data: {
      wire,
      barge,
      load: loadRows,
      maxCalls: {
        noLateFrame: strict,
        lateAtMostTolerated: { ...tolerated, tolerancePct: TOLERATED_LATE_PCT },
        steps: maxRows,
      },
    },
  };
}

const aiLegBenchmark: Benchmark = {
  name: 'ai-leg',
  description: 'paced bridge vs naive relay: barge-in, latency, relay cost, concurrency',
  run,
};

export default aiLegBenchmark;
