// What a real model's wire costs the app per 20 ms of audio, apart from everything else: sessions
// of the app's GeminiProvider (the official @google/genai SDK over a WebSocket, our guarded socket
// and message parsing) against the fake Gemini Live service in the carrier process, which speaks the
// documented wire (24 kHz PCM as base64 in JSON). First the model speaks to every session (receive:
// JSON parsed by our guard and again by the SDK, base64 decoded and checked); then every session sends
// caller audio in real time (send: base64 encoded, JSON built by the SDK). The scripted model of the
// load runs costs next to nothing here, so these figures come on top of them for Gemini calls. Run
// both ways: sessions on the main thread (AI_THREAD=0), and on the AI thread, where the main thread
// (which paces every call's audio) keeps only the hand-over of audio and events.
import os from 'node:os';
import type { RealtimeSession } from '../bridge/ai/provider';
import { createProvider } from '../bridge/ai/create-provider';
import { AiThread } from '../bridge/ai/thread/ai-thread';
import { realClock } from '../bridge/base/clock';
import { loadConfig } from '../bridge/config/config';
import { createSilentLog } from '../bridge/base/log';
import { LONG_REPLY_TEXT } from '../test/fakes/fake-voice';
import type { RemoteCarrier } from './remote-carrier';
import { threadCpuMs } from './stall-probe';
import { round } from './stats';

const CHUNK_MS = 80;
const SPEEDUP = 1.5;
const FRAME_SAMPLES_16K = 320;
const SAMPLES_PER_20MS_24K = 480;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WireCost {
  readonly sessions: number;
  /** Where the sessions ran: the main thread, or the AI thread (ai/thread/). */
  readonly where: 'main thread' | 'AI thread';
  /** Received model audio: 20 ms units per second (all sessions), and app CPU µs per unit. */
  readonly receivedPerS: number;
  readonly receiveUsPer20Ms: number;
  /** Sent caller audio: 20 ms frames per second (all sessions), and app CPU µs per frame. */
  readonly sentPerS: number;
  readonly sendUsPer20Ms: number;
  /** What both directions would take at 200 calls, % of one core. */
  readonly corePctAt200: number;
  /** Of it, what the main thread (which paces every call's audio) spends (Linux; null elsewhere). */
  readonly mainThread: {
    readonly receiveUsPer20Ms: number;
    readonly sendUsPer20Ms: number;
    readonly corePctAt200: number;
  } | null;
}

/** CPU ms this process (every thread) and its main thread used while `during` ran. */
async function cpuMsOf(during: () => Promise<void>): Promise<{ processMs: number; mainMs: number | null }> {
  const cpu0 = process.cpuUsage();
  const main0 = threadCpuMs();
  await during();
  const cpu = process.cpuUsage(cpu0);
  const main1 = threadCpuMs();
  return {
    processMs: (cpu.user + cpu.system) / 1000,
    mainMs: main0 === null || main1 === null ? null : main1 - main0,
  };
}

const at200 = (receiveUs: number, sendUs: number) =>
  round((((receiveUs + sendUs) * 50 * 200) / 1e6) * 100, 1)!;

export async function geminiWireCost(
  carrier: RemoteCarrier,
  sessions: number,
  windowMs: number,
  where: WireCost['where'],
): Promise<WireCost> {
  const fake = await carrier.call('geminiStart', { chunkMs: CHUNK_MS, speedup: SPEEDUP });
  const config = loadConfig({
    aiProvider: 'gemini',
    geminiApiKey: fake.apiKey,
    geminiApiBase: fake.url,
    dataDir: os.tmpdir(),
    logLevel: 'silent',
  });
  const thread = where === 'AI thread' ? new AiThread() : null;
  thread?.warm();
  const provider = thread ? thread.provider(config)! : createProvider(config)!;
  let samples = 0;
  const open: RealtimeSession[] = await Promise.all(
    Array.from({ length: sessions }, (_, i) =>
      provider.connect({ callId: `wire-${i}`, instructions: '', log: createSilentLog(), clock: realClock }),
    ),
  );
  try {
    for (const s of open) s.events.on('audio', (pcm) => (samples += pcm.length));
    // Sessions are ready once the service acknowledged their setup (a bounded wait: some may be already).
    await Promise.race([
      Promise.all(open.map((s) => new Promise<void>((resolve) => s.events.on('ready', () => resolve())))),
      sleep(3000),
    ]);
    // The fake says the quoted line: the 10.5 s reply, streamed at 1.5× real time.
    for (const s of open) s.greet(LONG_REPLY_TEXT);
    await sleep(500);
    const samples0 = samples;
    const receiveCpu = await cpuMsOf(() => sleep(windowMs));
    const received = (samples - samples0) / SAMPLES_PER_20MS_24K;
    // The model has finished streaming: now only the callers talk (silence, in real time).
    await sleep(Math.max(0, (10_500 / SPEEDUP) * 1.1 - windowMs - 500));
    const frame = new Int16Array(FRAME_SAMPLES_16K);
    let sent = 0;
    const sendCpu = await cpuMsOf(async () => {
      const endAt = performance.now() + windowMs;
      while (performance.now() < endAt) {
        for (const s of open) s.sendAudio(frame);
        sent += open.length;
        await sleep(20);
      }
    });
    const per = (ms: number, n: number) => (n > 0 ? (ms * 1000) / n : 0);
    const receiveUs = per(receiveCpu.processMs, received);
    const sendUs = per(sendCpu.processMs, sent);
    const mainReceiveUs = receiveCpu.mainMs === null ? null : per(receiveCpu.mainMs, received);
    const mainSendUs = sendCpu.mainMs === null ? null : per(sendCpu.mainMs, sent);
    return {
      sessions,
      where,
      receivedPerS: round((received * 1000) / windowMs, 0)!,
      receiveUsPer20Ms: round(receiveUs, 1)!,
      sentPerS: round((sent * 1000) / windowMs, 0)!,
      sendUsPer20Ms: round(sendUs, 1)!,
      corePctAt200: at200(receiveUs, sendUs),
      mainThread:
        mainReceiveUs === null || mainSendUs === null
          ? null
          : {
              receiveUsPer20Ms: round(mainReceiveUs, 1)!,
              sendUsPer20Ms: round(mainSendUs, 1)!,
              corePctAt200: at200(mainReceiveUs, mainSendUs),
            },
    };
  } finally {
    for (const s of open) s.close('benchmark over');
    await thread?.stop();
  }
}
