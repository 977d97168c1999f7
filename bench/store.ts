// The call log under load: 100,000 calls with 2,000,000 transcript lines of realistic text written
// through the real store (client → writer thread, batched transactions), then history pages,
// full-text searches, call details, daily stats and exports through the reader thread.
// Reports insert throughput, query p50/p95, database size, and the longest main-thread event-loop
// stall while logging (the audio path shares that thread; target < 10 ms).
// `npm run bench -- --only store [--quick]`, or on its own: `tsx bench/store.ts [--quick]`.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DailySummary, HistoryFilters } from '../bridge/api/contract';
import type { CallEvent } from '../bridge/domain/call-events';
import type { EscalationReason } from '../bridge/domain/call';
import { realClock } from '../bridge/base/clock';
import { asAgentId, asCallId } from '../bridge/domain/ids';
import { createSilentLog } from '../bridge/base/log';
import { StoreClient } from '../bridge/store/client';
import { openReader } from '../bridge/store/db';
import { dailyStats } from '../bridge/store/queries/daily-stats';
import { dailySummaries } from '../bridge/store/queries/daily-summary';
import { Statements } from '../bridge/store/statements';
import {
  renderTable,
  type Benchmark,
  type BenchContext,
  type BenchResult,
  type BenchTable,
} from './benchmark';
import { StallProbe, type StallReport } from './stall-probe';
import { round, Samples } from './stats';
import { Corpus, seededRandom } from './store-corpus';

const SIZES = {
  full: { calls: 100_000, turnsPerCall: 20, queryRuns: 40 },
  quick: { calls: 5_000, turnsPerCall: 20, queryRuns: 15 },
};
const SPAN_DAYS = 180;
const DAY_MS = 86_400_000;
/** Calls generated and recorded per main-thread tick: the app logs in small pieces, never in bulk. */
const CALLS_PER_TICK = 4;
/** Events in flight (recorded, not yet committed) before the feeder waits for the writer. */
const MAX_IN_FLIGHT = 100_000;
/** Steady logging rate for the stall measurement: 20 calls × ~10 events/s each is a busy small team; this is 25× that. */
const PACED_EVENTS_PER_S = 5000;
/** Events held while no writer took them (a disk outage, a writer restart), then posted when one opens. */
const BACKLOG_EVENTS = { full: 50_000, quick: 20_000 };
const REASONS: EscalationReason[] = [
  'caller-asked',
  'never-ai-topic',
  'negative-sentiment',
  'ai-requested',
  'ai-failure',
];
const AGENTS = [
  ['agent-1', 'Wanjiru'],
  ['agent-2', 'Otieno'],
  ['agent-3', 'Akinyi'],
  ['agent-4', 'Kamau'],
] as const;

interface Generated {
  events: CallEvent[];
  rows: number;
}

/** One call's events, as the registry publishes them (partial lines included: the store drops them). */
function generateCall(i: number, corpus: Corpus, startMs: number, turns: number, from: string): Generated {
  const callId = asCallId(`BC${String(i).padStart(7, '0')}`);
  const events: CallEvent[] = [];
  let at = startMs;
  let rows = 1;
  const push = (e: Record<string, unknown>, stepMs = 50) => {
    at += stepMs;
    events.push({ ...e, callId, at } as unknown as CallEvent);
  };
  push(
    {
      kind: 'call.started',
      from,
      to: '+254709000000',
      direction: 'inbound',
      provider: 'gemini',
      model: 'gemini-live',
    },
    0,
  );
  push({ kind: 'stream.started' });
  rows += 1;
  let offsetMs = 0;
  for (let t = 1; t <= turns; t++) {
    const speaker = t % 2 === 1 ? 'agent' : 'caller';
    const text = speaker === 'agent' ? corpus.agentLine() : corpus.callerLine();
    const durMs = 800 + text.length * 55;
    if (speaker === 'agent') {
      const latencyMs = 350 + Math.round(corpus.int(0, 900) * (corpus.int(0, 9) === 0 ? 3 : 1));
      push(
        { kind: 'turn.metrics', turnId: t, latencyMs, modelLatencyMs: latencyMs - 40, bridgeMs: 40 },
        latencyMs,
      );
    }
    push(
      { kind: 'transcript', turnId: t, speaker, text: text.slice(0, 12), final: false, startMs: offsetMs },
      300,
    );
    push(
      {
        kind: 'transcript',
        turnId: t,
        speaker,
        text,
        final: true,
        startMs: offsetMs,
        endMs: offsetMs + durMs,
      },
      durMs,
    );
    offsetMs += durMs + 500;
    rows++;
  }
  const escalated = corpus.int(0, 99) < 30;
  if (escalated) {
    const [agentId, agentName] = corpus.pick(AGENTS);
    const reason = corpus.pick(REASONS);
    push({ kind: 'escalation', reason, detail: `benchmark ${reason}` });
    push({ kind: 'redirect', url: 'https://example.org/handoff', ok: true, attempts: 1 });
    push({ kind: 'dial.attempt', agentId: asAgentId(agentId), agentName, number: '+254711000001' });
    push({ kind: 'dial.result', agentId: asAgentId(agentId), result: 'connected' });
    push({ kind: 'agent.connected', agentId: asAgentId(agentId), agentName });
    push({ kind: 'cost', component: 'carrier-outbound', kesCents: corpus.int(50, 900) });
    rows += 6;
  }
  push({ kind: 'usage', inputTokens: corpus.int(500, 5000), outputTokens: corpus.int(100, 2000) });
  push({ kind: 'cost', component: 'carrier-inbound', kesCents: 0 });
  push({ kind: 'cost', component: 'ai', kesCents: corpus.int(20, 400) });
  push({ kind: 'stream.stopped', reason: 'closed' });
  push({
    kind: 'call.ended',
    outcome: escalated ? 'agent-handled' : 'ai-resolved',
    durationMs: at - startMs + 50,
    reason: 'completed',
  });
  rows += 5;
  return { events, rows };
}

/** What the main thread did during its stalls: running (its own work and GC), waiting for a CPU, neither. */
function stallDetail(s: StallReport): string {
  if (s.worstRunningMs === null) return `GC ${round(s.maxGcPauseMs)} (no per-thread schedule here)`;
  const waitingPct = s.stallOver5TotalMs > 0 ? (100 * (s.stallOver5WaitingMs ?? 0)) / s.stallOver5TotalMs : 0;
  const neitherMs = Math.max(0, s.maxStallWarmMs - s.worstRunningMs - (s.worstWaitingMs ?? 0));
  return (
    `${round(s.worstRunningMs)} / ${round(s.worstWaitingMs)} / ${round(neitherMs)} · ` +
    `${round(s.maxRunningStallMs)} · ` +
    `${s.stallsOver5Ms}, ${Math.round(waitingPct)}% · ${round(s.maxGcPauseMs)}`
  );
}

const STALL_DETAIL =
  '  … worst: running / waiting for a CPU / neither · longest running · stalls > 5 ms, % waiting · longest GC, ms';

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Daily stats from the calls and turns (what stats.daily read until schema 6) against the hourly
 * aggregate, on one read-only connection to the bench's file, with the largest latency-percentile gap.
 */
function compareDailyStats(
  file: string,
  nowMs: number,
  runs: number,
): {
  rows: (string | number | null)[][];
  data: Record<string, { beforeMs: number | null; afterMs: number | null }>;
} {
  const st = new Statements(openReader(file));
  const rows: (string | number | null)[][] = [];
  const data: Record<string, { beforeMs: number | null; afterMs: number | null }> = {};
  try {
    for (const days of [7, 30, SPAN_DAYS]) {
      const args = { days, nowMs, utcOffsetMin: 180 };
      const before = new Samples();
      const after = new Samples();
      let exact: DailySummary[] = [];
      let fast: DailySummary[] = [];
      // Each way's runs together: one way's reads would otherwise evict the other's pages from the cache.
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        exact = dailyStats(st, args);
        before.add(performance.now() - t0);
      }
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        fast = dailySummaries(st, args);
        after.add(performance.now() - t0);
      }
      let worstPct = 0;
      exact.forEach((d, i) => {
        for (const key of ['p50LatencyMs', 'p95LatencyMs'] as const) {
          const want = d[key];
          const got = fast[i]?.[key];
          if (want !== undefined && got !== undefined)
            worstPct = Math.max(worstPct, (100 * Math.abs(got - want)) / want);
        }
      });
      rows.push([days, round(before.p(50)), round(after.p(50)), round(worstPct)]);
      data[`${days}d`] = { beforeMs: before.p(50), afterMs: after.p(50) };
    }
  } finally {
    st.db.close();
  }
  return { rows, data };
}

async function timed<T>(samples: Samples, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const value = await fn();
  samples.add(performance.now() - t0);
  return value;
}

function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** Steady logging at `eventsPerS`, recorded every 10 ms like the app does; null store = control run. */
async function pacedLogging(
  store: StoreClient | null,
  corpus: Corpus,
  opts: { eventsPerS: number; durationMs: number; firstCall: number; startMs: number; turns: number },
): Promise<{ stall: StallReport; events: number }> {
  const probe = new StallProbe();
  const perTick = Math.round(opts.eventsPerS / 100);
  const queue: CallEvent[] = [];
  let call = opts.firstCall;
  let events = 0;
  const t0 = performance.now();
  probe.start();
  probe.warmed();
  for (let n = 1; performance.now() - t0 < opts.durationMs; n++) {
    while (queue.length < perTick) {
      queue.push(
        ...generateCall(call, corpus, opts.startMs + call * 1000, opts.turns, '+254700000001').events,
      );
      call++;
    }
    for (const e of queue.splice(0, perTick)) {
      store?.record(e);
      events++;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + n * 10 - performance.now())));
  }
  return { stall: probe.stop(), events };
}

/**
 * A backlog: events recorded while no writer takes them (the writer restarting after a crash, a log
 * that could not open), then the writer opens and takes them all. The main thread's stalls meanwhile,
 * from the open until every event is committed.
 */
async function backlogAfterOutage(
  events: number,
  turns: number,
): Promise<{ stall: StallReport; events: number }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-bench-backlog-'));
  const store = new StoreClient({
    dataDir,
    log: createSilentLog(),
    clock: realClock,
    retentionDays: 0,
    maxQueuedEvents: events * 2,
  });
  try {
    const corpus = new Corpus(seededRandom(11));
    let recorded = 0;
    for (let i = 0; recorded < events; i++) {
      for (const e of generateCall(i, corpus, Date.now() - DAY_MS + i * 1000, turns, '+254700000002')
        .events) {
        store.record(e);
        if (e.kind !== 'transcript' || e.final) recorded++;
      }
    }
    let committed = 0;
    store.events.on('committed', (seq) => (committed = seq));
    const probe = new StallProbe();
    probe.start();
    probe.warmed();
    await new Promise((r) => setTimeout(r, 20));
    await store.start();
    while (committed < recorded) await new Promise((r) => setTimeout(r, 5));
    return { stall: probe.stop(), events: recorded };
  } finally {
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function run(ctx: BenchContext): Promise<BenchResult> {
  const size = ctx.quick ? SIZES.quick : SIZES.full;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'sauti-bench-store-'));
  const store = new StoreClient({
    dataDir,
    log: createSilentLog(),
    clock: realClock,
    retentionDays: 0,
    maxQueuedEvents: MAX_IN_FLIGHT * 2,
  });
  try {
    await store.start();
    let committed = 0;
    const waiters: (() => void)[] = [];
    store.events.on('committed', (seq) => {
      committed = seq;
      for (const w of waiters.splice(0)) w();
    });

    // ---- insert through the real batched writer
    const rand = seededRandom(42);
    const corpus = new Corpus(rand);
    const nowMs = Date.now();
    const firstMs = nowMs - SPAN_DAYS * DAY_MS;
    const stepMs = (SPAN_DAYS * DAY_MS) / size.calls;
    const frequentCaller = corpus.callerNumber().replace(/\d{3}$/, '000');
    let recorded = 0;
    let rows = 0;
    let turns = 0;
    // Control: the same generation and ticking for a tenth of the calls, without logging, so the stall
    // caused by logging can be told from the stall of this machine (its load, this benchmark's own work).
    const controlCalls = Math.ceil(size.calls / 10);
    const control = new StallProbe();
    const controlCorpus = new Corpus(seededRandom(7));
    control.start();
    for (let i = 0; i < controlCalls;) {
      const batch: CallEvent[] = [];
      for (let k = 0; k < CALLS_PER_TICK && i < controlCalls; k++, i++) {
        batch.push(
          ...generateCall(i, controlCorpus, firstMs + i * stepMs, size.turnsPerCall, '+254700000000').events,
        );
      }
      if (i === Math.ceil(controlCalls * 0.2)) control.warmed();
      await tick();
    }
    const controlStall = control.stop();
    const probe = new StallProbe();
    const loadAtStart = os.loadavg()[0] ?? 0;
    ctx.log(`writing ${size.calls.toLocaleString()} calls × ${size.turnsPerCall} lines into ${dataDir}`);
    probe.start();
    const t0 = performance.now();
    const warmUpCalls = Math.ceil(size.calls * 0.02);
    const recordMs = new Samples();
    let recordTotalMs = 0;
    for (let i = 0; i < size.calls;) {
      const batch: CallEvent[] = [];
      for (let k = 0; k < CALLS_PER_TICK && i < size.calls; k++, i++) {
        const from = i % 50 === 0 ? frequentCaller : corpus.callerNumber();
        const call = generateCall(i, corpus, Math.round(firstMs + i * stepMs), size.turnsPerCall, from);
        batch.push(...call.events);
        rows += call.rows;
        turns += size.turnsPerCall;
      }
      // What the app itself does on this thread per event: record() (the post follows in a setImmediate).
      const r0 = performance.now();
      for (const e of batch) {
        store.record(e);
        if (e.kind !== 'transcript' || e.final) recorded++;
      }
      const rMs = performance.now() - r0;
      recordMs.add(rMs);
      recordTotalMs += rMs;
      if (i === warmUpCalls) probe.warmed();
      while (recorded - committed > MAX_IN_FLIGHT) await new Promise<void>((r) => waiters.push(r));
      if (i % 10_000 === 0)
        ctx.log(`  ${i.toLocaleString()} calls recorded, ${committed.toLocaleString()} events committed`);
      await tick();
    }
    const lastSeq = await store.flush();
    const insertS = (performance.now() - t0) / 1000;
    const stall = probe.stop();
    const status = store.status();
    if (lastSeq !== recorded || status.droppedEvents > 0) {
      throw new Error(
        `the writer lost events: ${lastSeq} of ${recorded} committed, ${status.droppedEvents} dropped`,
      );
    }
    const dbBytes = fileSize(store.file) + fileSize(`${store.file}-wal`) + fileSize(`${store.file}-shm`);

    // ---- the audio path's view: steady heavy logging (25× a busy small call centre), with a control
    const paced = {
      eventsPerS: PACED_EVENTS_PER_S,
      durationMs: ctx.quick ? 4000 : 15_000,
      startMs: nowMs,
      turns: size.turnsPerCall,
    };
    ctx.log(
      `steady logging at ${PACED_EVENTS_PER_S} events/s for ${paced.durationMs / 1000} s, and the same without logging`,
    );
    const pacedControl = await pacedLogging(null, new Corpus(seededRandom(9)), {
      ...paced,
      firstCall: size.calls,
    });
    const pacedRun = await pacedLogging(store, new Corpus(seededRandom(9)), {
      ...paced,
      firstCall: size.calls,
    });
    await store.flush();

    // ---- a backlog posted when the writer opens (after an outage or a writer restart)
    ctx.log('a backlog of events recorded while no writer took them, then the writer opening');
    const backlog = await backlogAfterOutage(
      ctx.quick ? BACKLOG_EVENTS.quick : BACKLOG_EVENTS.full,
      size.turnsPerCall,
    );

    // ---- reads through the reader thread
    const runs = size.queryRuns;
    const historyKinds: [string, HistoryFilters][] = [
      ['first page, no filter', {}],
      ['outcome = agent-handled', { outcome: 'agent-handled' }],
      ['escalation reason', { escalationReason: 'never-ai-topic' }],
      ['agent', { agentId: 'agent-3' }],
      ['caller (full number)', { caller: frequentCaller }],
      ['caller (part of a number)', { caller: frequentCaller.slice(-6) }],
      ['one week', { from: nowMs - 60 * DAY_MS, to: nowMs - 53 * DAY_MS }],
      ['p50 latency ≥ 1200 ms', { minLatencyMs: 1200 }],
    ];
    const historyAll = new Samples();
    const historyRows: (string | number | null)[][] = [];
    for (const [label, filters] of historyKinds) {
      const s = new Samples();
      for (let r = 0; r < runs; r++) await timed(s, () => store.history({ filters, limit: 50 }));
      for (const v of s.values) historyAll.add(v);
      historyRows.push([label, round(s.p(50)), round(s.p(95))]);
    }
    const deep = new Samples();
    let cursor: string | undefined;
    for (let page = 0; page < runs * 2; page++) {
      const p = await timed(deep, () => store.history({ cursor, limit: 50 }));
      historyAll.add(deep.values.at(-1)!);
      cursor = p.next;
    }
    historyRows.push([`next pages (keyset, ${runs * 2} deep)`, round(deep.p(50)), round(deep.p(95))]);

    const searchTerms: [string, string][] = [
      ['common word', 'balance'],
      ['common word', 'shillings'],
      ['two words', 'school fees'],
      ['Swahili', 'nataka kuongea'],
      ['place', 'Kitengela'],
      ['prefix (typing)', 'installm'],
      ['phrase-ish', 'reversal request reference'],
      ['no match', 'zebra crossing'],
    ];
    const searchAll = new Samples();
    const searchRows: (string | number | null)[][] = [];
    for (const [label, query] of searchTerms) {
      const s = new Samples();
      let hits = 0;
      for (let r = 0; r < runs; r++) hits = (await timed(s, () => store.search({ query, limit: 50 }))).length;
      for (const v of s.values) searchAll.add(v);
      searchRows.push([`${label}: "${query}"`, hits, round(s.p(50)), round(s.p(95))]);
    }

    const detail = new Samples();
    for (let r = 0; r < runs * 5; r++) {
      const i = Math.floor(rand() * size.calls);
      await timed(detail, () => store.detail(`BC${String(i).padStart(7, '0')}`));
    }
    const stats30 = new Samples();
    const stats180 = new Samples();
    for (let r = 0; r < runs; r++) {
      await timed(stats30, () => store.daily({ days: 30, utcOffsetMin: 180 }));
      await timed(stats180, () => store.daily({ days: SPAN_DAYS, utcOffsetMin: 180 }));
    }
    const stats30Ms = stats30.p(50);
    const stats180Ms = stats180.p(50);
    const dailyBeforeAfter = compareDailyStats(store.file, nowMs, ctx.quick ? 3 : 5);
    const exportT0 = performance.now();
    const day = await store.exportCalls({
      from: nowMs - 30 * DAY_MS,
      to: nowMs - 29 * DAY_MS,
      format: 'csv',
    });
    const exportDayMs = performance.now() - exportT0;

    const rowsPerS = rows / insertS;
    const tables: BenchTable[] = [
      {
        title: 'Writing the log (real batched writer on its thread)',
        columns: ['figure', 'value'],
        rows: [
          ['calls', size.calls],
          ['transcript lines', turns],
          ['rows written (calls + lines + timeline)', rows],
          ['events committed', lastSeq],
          ['time, s', round(insertS)],
          ['rows/s', Math.round(rowsPerS)],
          ['events/s', Math.round(lastSeq / insertS)],
          ['longest main-thread stall while logging, ms (target < 10)', round(stall.maxStallMs)],
          [`  … after warm-up (first ${warmUpCalls} calls), ms`, round(stall.maxStallWarmMs)],
          [STALL_DETAIL, stallDetail(stall)],
          [
            `  … control: generating ${controlCalls} calls without logging, all / after warm-up, ms`,
            `${round(controlStall.maxStallMs)} / ${round(controlStall.maxStallWarmMs)}`,
          ],
          [`  ${STALL_DETAIL}`, stallDetail(controlStall)],
          [
            'main-thread record() per tick (~200 events), p50 / max ms',
            `${round(recordMs.p(50))} / ${round(recordMs.p(100))}`,
          ],
          ['main-thread record() total, ms per 1000 events', round((recordTotalMs / recorded) * 1000)],
          ['load average at start (1 min)', round(loadAtStart)],
          [
            `steady ${PACED_EVENTS_PER_S} events/s for ${paced.durationMs / 1000} s: longest stall, ms (target < 10)`,
            round(pacedRun.stall.maxStallMs),
          ],
          [STALL_DETAIL, stallDetail(pacedRun.stall)],
          ['  … same pace without logging (control), ms', round(pacedControl.stall.maxStallMs)],
          [`  ${STALL_DETAIL}`, stallDetail(pacedControl.stall)],
          [
            '  … event-loop delay p99 with / without logging, ms',
            `${round(pacedRun.stall.p99DelayMs)} / ${round(pacedControl.stall.p99DelayMs)}`,
          ],
          ['event-loop delay p99 / max, ms', `${round(stall.p99DelayMs)} / ${round(stall.maxDelayMs)}`],
          [
            `a backlog of ${backlog.events} events posted when the writer opens: longest stall, ms (target < 10)`,
            round(backlog.stall.maxStallMs),
          ],
          [STALL_DETAIL, stallDetail(backlog.stall)],
          ['database size, MB', round(dbBytes / 2 ** 20)],
          ['bytes per call', Math.round(dbBytes / size.calls)],
        ],
        notes: [
          'Stalls include generating the events (this benchmark) and CPU contention: the writer thread and any other',
          "load share the cores. The store's own main-thread work is record() plus one postMessage per tick.",
          "Per stall (Linux, from the main thread's schedstat): how long the main thread ran (its work, GC) and how",
          'long it was runnable but waiting for a CPU, and the rest (blocked: a GC pause waiting for its helper',
          'threads, or the machine\'s CPU taken by its host); "longest running" is the longest stall of its own work.',
          'The store threads run at nice 10 on Linux (bridge/store/thread-priority.ts): other programs at the',
          'default priority still take turns with the main thread, and their load shows as waiting.',
          'synchronous=FULL in WAL mode: every committed batch is fsynced (durable across power loss).',
        ],
      },
      {
        title: `History pages (50 rows; ${runs} runs each), ms — all: p50 ${round(historyAll.p(50))}, p95 ${round(historyAll.p(95))}`,
        columns: ['query', 'p50', 'p95'],
        rows: historyRows,
      },
      {
        title: `Full-text search (50 hits, newest first; ${runs} runs each), ms — all: p50 ${round(searchAll.p(50))}, p95 ${round(searchAll.p(95))}`,
        columns: ['search', 'hits', 'p50', 'p95'],
        rows: searchRows,
      },
      {
        title: 'Other reads, ms',
        columns: ['read', 'p50', 'p95'],
        rows: [
          [`open a call's detail (${detail.count} random calls)`, round(detail.p(50)), round(detail.p(95))],
          ['daily stats, 30 days', round(stats30.p(50)), round(stats30.p(95))],
          [`daily stats, ${SPAN_DAYS} days`, round(stats180.p(50)), round(stats180.p(95))],
          [`export one day as CSV (${day.content.split('\r\n').length - 2} calls)`, round(exportDayMs), null],
        ],
        notes: ['Measured from the main thread: includes the message round trip to the reader thread.'],
      },
      {
        title: 'Daily stats before / after the hourly aggregate (schema 6), ms, on the same file',
        columns: [
          'days',
          'before: from every call and turn',
          'after: from call_hours',
          'p50/p95 off by, max %',
        ],
        rows: dailyBeforeAfter.rows,
        notes: [
          'Both read in this process on a read-only connection (no thread round trip), p50 of a few runs.',
          '"before" is daily-stats.ts, what stats.daily read until schema 6; "after" is daily-summary.ts.',
          'Counts, shares, escalations and cost are equal; latency percentiles come from a histogram within 1 %.',
        ],
      },
    ];
    return {
      tables,
      data: {
        size,
        insert: {
          seconds: insertS,
          rows,
          rowsPerS,
          events: lastSeq,
          eventsPerS: lastSeq / insertS,
          ...stall,
          control: controlStall,
        },
        paced: {
          ...paced,
          withLogging: pacedRun.stall,
          control: pacedControl.stall,
          events: pacedRun.events,
        },
        backlog: { events: backlog.events, stall: backlog.stall },
        dbBytes,
        historyMs: { p50: historyAll.p(50), p95: historyAll.p(95) },
        searchMs: { p50: searchAll.p(50), p95: searchAll.p(95) },
        detailMs: { p50: detail.p(50), p95: detail.p(95) },
        stats30Ms,
        stats180Ms,
        dailyBeforeAfter: dailyBeforeAfter.data,
        exportDayMs,
      },
    };
  } finally {
    await store.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'store',
  description:
    'the call log: batched writes of 100k calls / 2M lines, history, search, detail, size, main-thread stall',
  run,
};
export default bench;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  run({ quick, log: (line) => console.log(`   ${line}`) }).then(
    (result) => {
      for (const table of result.tables) console.log(`\n${renderTable(table)}`);
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
