// The AI thread for real: a worker thread started as the app starts it (from source, through tsx),
// running the app's own Gemini and OpenAI providers against the fake services over real sockets. The
// model greets and answers through the thread; when the thread dies mid-call, the session fails with
// AI_THREAD_FAILED (the call then escalates, as for any AI failure) and the next call gets a new thread.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AiThread, startAiWorker } from '../../bridge/ai/thread/ai-thread';
import type { RealtimeSession } from '../../bridge/ai/provider';
import { realClock } from '../../bridge/base/clock';
import { resolveThreadScript, startThread } from '../../bridge/base/thread-script';
import { createSilentLog } from '../../bridge/base/log';
import { loadConfig } from '../../bridge/config/config';
import { speech } from '../fakes/fake-voice';
import { GEMINI_LIVE, OPENAI_REALTIME, type FakeAi, type FakeAiService } from '../harness/ai-services';
import type { FakeScriptOptions } from '../fakes/fake-script';
import { waitFor } from '../sim/carrier';

let cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const FRAME = 320;

/** Streams `pcm` to the session in 20 ms frames, one frame per 20 ms (as the bridge does). */
async function talk(session: RealtimeSession, pcm: Int16Array): Promise<void> {
  for (let at = 0; at < pcm.length; at += FRAME) {
    session.sendAudio(pcm.subarray(at, at + FRAME));
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function throughTheThread<F extends FakeAi, O extends FakeScriptOptions>(
  service: FakeAiService<F, O>,
  options: O,
) {
  const fake = await service.start(options);
  cleanups.push(() => fake.stop());
  const workers: Worker[] = [];
  const thread = new AiThread({
    start: () => {
      const worker = startAiWorker();
      workers.push(worker);
      return worker;
    },
  });
  cleanups.push(() => thread.stop());
  const config = loadConfig({ ...service.settings(fake), dataDir: '/nonexistent', logLevel: 'silent' });
  const provider = thread.provider(config)!;
  const open = (callId: string) =>
    provider.connect({ callId, instructions: '', log: createSilentLog(), clock: realClock });
  return { thread, workers, open };
}

for (const service of [GEMINI_LIVE, OPENAI_REALTIME] as const) {
  const name = service === GEMINI_LIVE ? 'Gemini Live' : 'OpenAI Realtime';
  describe(`the AI thread with ${name}`, () => {
    it('greets, hears the caller and answers out loud, all through the worker thread', async () => {
      const t = await throughTheThread(service as FakeAiService<FakeAi, FakeScriptOptions>, {
        turns: [{ caller: 'hours?', reply: 'We open at eight.' }],
      });
      const session = await t.open('call-1');
      expect(session.provider).toBe(service === GEMINI_LIVE ? 'gemini' : 'openai');
      let audioMs = 0;
      const agentLines: string[] = [];
      session.events.on(
        'audio',
        (pcm) => (audioMs += (pcm.length / session.capabilities.outputSampleRateHz) * 1000),
      );
      session.events.on('agent.transcript', (t) => {
        if (t.final) agentLines.push(t.text);
      });
      session.greet('Thank you for calling.');
      await waitFor(() => agentLines.length >= 1, 10_000, 'the greeting');
      expect(audioMs).toBeGreaterThan(200);
      await talk(session, speech('caller-hours.wav'));
      await talk(session, new Int16Array(16_000));
      await waitFor(() => agentLines.includes('We open at eight.'), 10_000, 'the answer');
      expect(t.workers).toHaveLength(1);
      session.close('caller hung up');
    });

    it('fails the session with AI_THREAD_FAILED when the thread dies, and starts a new one for the next call', async () => {
      const t = await throughTheThread(service as FakeAiService<FakeAi, FakeScriptOptions>, {
        turns: [{ caller: 'hours?', reply: 'We open at eight.' }],
      });
      const session = await t.open('call-1');
      const seen: unknown[] = [];
      session.events.on('error', (e) => seen.push(e));
      session.events.on('close', (c) => seen.push(c));
      await t.workers[0]!.terminate();
      await waitFor(() => seen.length === 2, 5000, 'the failure');
      expect(seen[0]).toMatchObject({ code: 'AI_THREAD_FAILED' });
      expect(seen[1]).toMatchObject({ error: { code: 'AI_THREAD_FAILED' } });
      const next = await t.open('call-2');
      expect(t.workers).toHaveLength(2);
      next.close('done');
    });
  });
}

describe('the built AI thread', () => {
  it('runs from out/main/ai-worker.js beside the main bundle, as the desktop app starts it', async () => {
    const bundle = path.resolve(__dirname, '../../out/main/main.js');
    if (!existsSync(bundle))
      throw new Error('out/main is missing: run `npm run build` first (npm test does)');
    const script = resolveThreadScript(
      { builtName: 'ai-worker', source: './worker.ts', missingCode: 'AI_NO_WORKER' },
      pathToFileURL(bundle).href,
    );
    expect(script.kind).toBe('built');
    const thread = new AiThread({ start: () => startThread(script, {}) });
    cleanups.push(() => thread.stop());
    const config = loadConfig({ aiProvider: 'demo', dataDir: '/nonexistent', logLevel: 'silent' });
    const session = await thread
      .provider(config)!
      .connect({ callId: 'call-1', instructions: '', log: createSilentLog(), clock: realClock });
    expect(session.provider).toBe('demo');
    let audioMs = 0;
    session.events.on(
      'audio',
      (pcm) => (audioMs += (pcm.length / session.capabilities.outputSampleRateHz) * 1000),
    );
    session.greet('Thank you for calling.');
    await waitFor(() => audioMs > 500, 10_000, 'the demo agent greeting through the built thread');
    session.close('done');
  });
});
