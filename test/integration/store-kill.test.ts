// Durability: a child process logs a steady stream of call events through the real store and is
// killed with SIGKILL mid-stream. On reopen the file passes integrity checks, every event the writer
// reported committed is there, and the app starts normally on it (the dead child's folder lock is
// stale, not in the way). A call cut off while quiet ends when it was last known live.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';
import { tempDir } from '../unit/store/test-db';

const ROOT = path.resolve(__dirname, '../..');
const mod = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, p)).href);
const EVENTS_PER_CALL = 20;
const HEARTBEAT_MS = 200;
/** How long the quiet call is known live, from its start, before its app is killed. */
const ON_HOLD_MS = 3000;

/**
 * The child: 20 events per call (started, 18 final lines, ended), numbered in the order recorded, so
 * event n is known without asking the child: call K<floor((n-1)/20)>, line text "utterance n …".
 */
const CHILD = `
import { StoreClient } from ${mod('bridge/store/client.ts')};
import { realClock } from ${mod('bridge/base/clock.ts')};
import { createSilentLog } from ${mod('bridge/base/log.ts')};
const store = new StoreClient({ dataDir: process.env.STORE_DIR, log: createSilentLog(), clock: realClock, batchMs: 20 });
await store.start();
store.events.on('committed', (seq) => process.stdout.write('committed ' + seq + '\\n'));
let n = 0;
const next = () => {
  n++;
  const k = Math.floor((n - 1) / ${EVENTS_PER_CALL});
  const j = (n - 1) % ${EVENTS_PER_CALL};
  const callId = 'K' + k;
  const at = 1767225600000 + n;
  if (j === 0) return { kind: 'call.started', callId, at, from: '+2547110' + String(k).padStart(5, '0'), to: '+254709000000', direction: 'inbound', provider: 'gemini', model: null };
  if (j === ${EVENTS_PER_CALL - 1}) return { kind: 'call.ended', callId, at, outcome: 'ai-resolved', durationMs: 1000, reason: 'completed' };
  return { kind: 'transcript', callId, at, turnId: j, speaker: j % 2 ? 'caller' : 'agent', text: 'utterance ' + n + ' about my mpesa balance and the loan', final: true, startMs: j * 1000 };
};
setInterval(() => { for (let i = 0; i < 40; i++) store.record(next()); }, 2);
process.stdout.write('streaming\\n');
`;

/** One call that talks for a moment, then goes quiet (the caller on hold); heartbeats every 200 ms. */
const QUIET_CHILD = `
import { StoreClient } from ${mod('bridge/store/client.ts')};
import { realClock } from ${mod('bridge/base/clock.ts')};
import { createSilentLog } from ${mod('bridge/base/log.ts')};
const store = new StoreClient({ dataDir: process.env.STORE_DIR, log: createSilentLog(), clock: realClock, batchMs: 20, heartbeatMs: ${HEARTBEAT_MS} });
await store.start();
const callId = 'QUIET';
const startedAt = Date.now();
store.record({ kind: 'call.started', callId, at: startedAt, from: '+254711000001', to: '+254709000000', direction: 'inbound', provider: 'gemini', model: null });
store.record({ kind: 'stream.started', callId, at: Date.now() });
setTimeout(async () => {
  store.record({ kind: 'transcript', callId, at: Date.now(), turnId: 1, speaker: 'caller', text: 'please hold on', final: true, startMs: 0 });
  await store.flush();
  process.stdout.write('quiet ' + startedAt + '\\n');
}, 300);
setInterval(() => {}, 1000);
`;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('kill -9 while logging', () => {
  it(
    'keeps every committed event and a sound file, and the app starts on it',
    { timeout: 90_000 },
    async () => {
      const tmp = tempDir();
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
        cwd: ROOT,
        env: { ...process.env, STORE_DIR: tmp.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let committed = 0;
      let reports = 0;
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.setEncoding('utf8');
      let partial = '';
      child.stdout.on('data', (chunk: string) => {
        partial += chunk;
        const lines = partial.split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          const m = /^committed (\d+)$/.exec(line);
          if (m) {
            committed = Math.max(committed, Number(m[1]));
            reports++;
          }
        }
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );

      // Mid-stream: many batches committed and the stream still running.
      await waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`child exited early: ${stderr}`);
          return committed >= 3000 && reports >= 10;
        },
        30_000,
        '3000 events committed in 10 batches',
      );
      expect(committed, stderr).toBeGreaterThanOrEqual(3000);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      const reported = committed;

      const file = path.join(tmp.dir, 'sauti.db');
      const db = new Database(file);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(() =>
        db.exec("INSERT INTO turns_fts (turns_fts, rank) VALUES ('integrity-check', 1)"),
      ).not.toThrow();

      const lines = new Set(
        (db.prepare('SELECT text FROM turns').pluck().all() as string[]).map((t) =>
          Number(/^utterance (\d+) /.exec(t)![1]),
        ),
      );
      const calls = new Map(
        (
          db.prepare('SELECT call_id, outcome FROM calls').all() as {
            call_id: string;
            outcome: string | null;
          }[]
        ).map((r) => [r.call_id, r.outcome]),
      );
      const missing: number[] = [];
      for (let n = 1; n <= reported; n++) {
        const k = Math.floor((n - 1) / EVENTS_PER_CALL);
        const j = (n - 1) % EVENTS_PER_CALL;
        const ok =
          j === 0
            ? calls.has(`K${k}`)
            : j === EVENTS_PER_CALL - 1
              ? calls.get(`K${k}`) === 'ai-resolved'
              : lines.has(n);
        if (!ok) missing.push(n);
      }
      expect(missing).toEqual([]);
      // Nothing beyond what was queued was invented: every stored line is one the child produced.
      expect(Math.max(...lines)).toBeGreaterThanOrEqual(reported - EVENTS_PER_CALL);
      const searchable = db
        .prepare("SELECT count(*) FROM turns_fts WHERE turns_fts MATCH 'mpesa'")
        .pluck()
        .get() as number;
      expect(searchable).toBe(lines.size);
      db.close();

      // The app starts normally on the file: the log is healthy, history answers, the cut-off call is closed.
      app = await startTestApp({ dataDir: tmp.dir });
      const console = new TestConsole(app);
      expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: true });
      const page = await console.cmd('history.list', { limit: 5 });
      expect(page.rows.length).toBe(5);
      const open = (await console.cmd('history.list', { filters: { outcome: 'failed' }, limit: 500 })).rows;
      for (const row of open) expect(row.endedAt).toBeDefined();
      expect(open.length).toBeLessThanOrEqual(1);
    },
  );
});

describe('kill -9 during a quiet call', () => {
  it(
    'ends the cut-off call when it was last known live, not at its last event',
    { timeout: 60_000 },
    async () => {
      const tmp = tempDir();
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', QUIET_CHILD], {
        cwd: ROOT,
        env: { ...process.env, STORE_DIR: tmp.dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const startedAt = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /quiet (\d+)\n/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        child.on('exit', () => reject(new Error(`child exited early: ${stderr}`)));
      });
      // The caller says nothing for a few seconds (on hold): the app is killed once the writer's
      // heartbeats have stamped the call live well past its last event.
      const file = new Database(path.join(tmp.dir, 'sauti.db'), { readonly: true, fileMustExist: true });
      const liveAt = file.prepare("SELECT live_at FROM calls WHERE call_id = 'QUIET'").pluck();
      try {
        await waitFor(
          () => ((liveAt.get() as number | null) ?? 0) >= startedAt + ON_HOLD_MS,
          ON_HOLD_MS + 10_000,
          'the quiet call stamped live after its hold',
        );
      } finally {
        file.close();
      }
      const exited = new Promise((r) => child.on('exit', r));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await exited;

      app = await startTestApp({ dataDir: tmp.dir });
      const detail = await new TestConsole(app).cmd('history.detail', { callId: 'QUIET' });
      expect(detail.call.outcome).toBe('failed');
      const lastEventAt = Math.max(...detail.timeline.map((i) => i.at));
      expect(lastEventAt - startedAt).toBeLessThan(1000);
      // Known live until at most a heartbeat (and the writer's turn) before the kill, never after it.
      expect(detail.call.endedAt).toBeGreaterThan(killedAt - HEARTBEAT_MS - 1000);
      expect(detail.call.endedAt).toBeLessThanOrEqual(killedAt + 100);
      expect(detail.call.durationMs).toBe(detail.call.endedAt! - startedAt);
    },
  );
});
