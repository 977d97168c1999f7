// The bad cases of the disk: the app keeps answering calls while the log cannot be written, shows the
// error, keeps what it could not write in a bounded queue, and writes it when the disk lets it again.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusView } from '../../bridge/api/contract';
import { realClock } from '../../bridge/base/clock';
import { createSilentLog } from '../../bridge/base/log';
import { StoreClient, type StoreStatus } from '../../bridge/store/client';
import { startTestApp, type TestApp } from '../harness/app';
import { immutableSupported, readOnlyLog } from '../harness/read-only-log';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';
import { aiResolvedCall, CallScript } from '../unit/store/call-script';
import { tempDir } from '../unit/store/test-db';

const T0 = Date.UTC(2026, 2, 3, 9);

function canRun(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** How long the log may take to fail or recover (a writer reopening, a retry backing off). */
const STORE_DEADLINE_MS = 20_000;

describe('disk full', () => {
  it('queues events within a bound, reports the error and drops, and writes the queue when space returns', async () => {
    const tmp = tempDir();
    const statuses: StoreStatus[] = [];
    const store = new StoreClient({
      dataDir: tmp.dir,
      log: createSilentLog(),
      clock: realClock,
      testFaults: true,
      retryMinMs: 50,
      retryMaxMs: 200,
      maxQueuedEvents: 400,
    });
    cleanups.push(async () => {
      await store.stop();
      tmp.remove();
    });
    store.events.on('status', (s) => statuses.push(s));
    await store.start();
    const before = aiResolvedCall('CA-before', T0).events;
    for (const e of before) store.record(e);
    await store.flush();

    // SQLite's page limit answers SQLITE_FULL exactly as a full disk does.
    await store.setFaults({ maxPageCount: 1 });
    const big = new CallScript('CA-full', T0 + 60_000).started();
    for (let i = 1; i <= 300; i++) {
      big.emit('transcript', {
        turnId: i,
        speaker: 'caller',
        text: `line ${i} ${'habari yako '.repeat(30)}`,
        final: true,
        startMs: i,
      });
    }
    for (const e of big.events) store.record(e);
    await waitFor(() => statuses.at(-1)?.ok === false, STORE_DEADLINE_MS, 'the disk-full status');
    expect(statuses.at(-1)).toMatchObject({ ok: false, code: 'STORE_DISK_FULL' });
    expect(statuses.at(-1)!.error).toMatch(/disk is full.*retrying/);
    await expect(store.flush()).rejects.toMatchObject({ code: 'STORE_DISK_FULL' });

    // The queue is bounded: past 400 waiting events, new ones are dropped and counted, not kept.
    const extra = new CallScript('CA-extra', T0 + 120_000).started();
    for (let i = 1; i <= 200; i++)
      extra.emit('transcript', { turnId: i, speaker: 'agent', text: `extra ${i}`, final: true, startMs: i });
    for (const e of extra.events) store.record(e);
    const waiting = store.status();
    expect(waiting.queuedEvents).toBe(400);
    expect(waiting.droppedEvents).toBe(big.events.length + extra.events.length - 400);
    expect(statuses.at(-1)!.error).toMatch(/events dropped/);

    await store.setFaults({}).catch(() => undefined); // answered once the writer reopens, fault-free
    await waitFor(() => store.status().ok, STORE_DEADLINE_MS, 'recovery');
    const committed = await store.flush();
    expect(store.status()).toMatchObject({ ok: true, queuedEvents: 0 });
    expect(committed).toBe(before.filter((e) => e.kind !== 'transcript' || e.final).length + 400);
    const detail = await store.detail('CA-full');
    expect(detail.turns).toHaveLength(300);
    const kept = await store.detail('CA-extra');
    // Of the extra call, its call.started and the lines up to the bound were kept.
    expect(kept.turns.length).toBe(400 - big.events.length - 1);
  });
});

describe('a read-only log file', () => {
  it.skipIf(!immutableSupported())(
    'the app still answers calls, shows the error, and logs the call once the file is writable',
    async () => {
      const logFile = readOnlyLog();
      cleanups.push(() => logFile.remove());

      const app: TestApp = await startTestApp({ dataDir: logFile.dir, echoMode: true });
      cleanups.push(() => app.stop());
      const console = new TestConsole(app);
      const status = await console.cmd('status.get', {});
      expect(status).toMatchObject({ storeOk: false });
      expect(status.storeError).toMatch(/read-only/);

      // Calls are answered regardless: the audio path never waits on the disk.
      const call = await app.sim.placeCall({ from: '+254700555666' });
      expect(call.response.status).toBe(200);
      expect(call.streamElement).toBeDefined();
      await call.connectMedia();
      await waitFor(() => app.core.registry.get(call.callSid)?.phase === 'ai', 5000, 'streaming');
      await call.hangUp();
      await waitFor(() => !app.core.registry.get(call.callSid), 5000, 'call ended');

      logFile.makeWritable();
      await waitFor(
        () => console.events.some((e) => e.name === 'status.changed' && (e.data as StatusView).storeOk),
        STORE_DEADLINE_MS,
        'status.changed with the log healthy',
      );
      expect(console.events.find((e) => e.name === 'status.changed')).toBeDefined();
      const detail = await console.endedCall(call.callSid, 20_000);
      expect(detail.call).toMatchObject({ from: '+254700555666', outcome: 'ai-resolved' });
      expect(detail.timeline.map((i) => i.kind)).toEqual(
        expect.arrayContaining(['call.started', 'stream.started', 'call.ended']),
      );
    },
  );
});

describe('a disk that fills up for real', () => {
  const mountable = (() => {
    const tmp = tempDir();
    const ok =
      canRun('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tmp.dir]) && canRun('umount', [tmp.dir]);
    tmp.remove();
    return ok;
  })();

  it.skipIf(!mountable)(
    'tmpfs with no space left: calls are answered, the error is shown, the queue lands after space frees',
    async () => {
      const tmp = tempDir();
      const mnt = path.join(tmp.dir, 'disk');
      mkdirSync(mnt);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mnt]);
      cleanups.push(() => {
        execFileSync('umount', [mnt]);
        tmp.remove();
      });
      const app: TestApp = await startTestApp({ dataDir: mnt, echoMode: true });
      cleanups.push(() => app.stop());
      const console = new TestConsole(app);
      expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: true });

      // Fill the disk to the last byte.
      const filler = path.join(mnt, 'filler');
      const chunk = Buffer.alloc(64 * 1024, 1);
      try {
        for (let i = 0; i < 100; i++) writeFileSync(filler, chunk, { flag: 'a' });
      } catch {
        // ENOSPC: full
      }
      for (let i = 0; i < 64; i++) {
        try {
          writeFileSync(filler, Buffer.alloc(1024, 1), { flag: 'a' });
        } catch {
          break;
        }
      }

      const call = await app.sim.placeCall({ from: '+254700777888' });
      expect(call.streamElement).toBeDefined();
      await call.connectMedia();
      await waitFor(() => app.core.registry.get(call.callSid)?.phase === 'ai', 5000, 'streaming');
      // A long conversation's worth of lines: more than the WAL can absorb in place.
      for (let i = 1; i <= 600; i++) {
        app.core.registry.publish(app.core.registry.get(call.callSid)!.callId, 'transcript', {
          turnId: i,
          speaker: i % 2 ? 'caller' : 'agent',
          text: `line ${i} ${'nataka kujua salio langu la mpesa '.repeat(10)}`,
          final: true,
          startMs: i * 1000,
        });
      }
      const down = await waitFor(
        () => console.cmd('status.get', {}).then((s) => (s.storeOk ? undefined : s)),
        STORE_DEADLINE_MS,
        'the disk-full status',
      );
      expect(down.storeError).toMatch(/disk is full/);
      expect(console.events.some((e) => e.name === 'status.changed' && !(e.data as StatusView).storeOk)).toBe(
        true,
      );
      expect(app.core.registry.get(call.callSid)?.phase).toBe('ai');
      await call.hangUp();

      rmSync(filler);
      const detail = await console.endedCall(call.callSid, 30_000);
      expect(detail.turns.filter((t) => t.text.startsWith('line '))).toHaveLength(600);
      expect((await console.cmd('status.get', {})).storeOk).toBe(true);
    },
  );
});
