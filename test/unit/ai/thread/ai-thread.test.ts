// The AI thread's two sides over a MessageChannel (the same messages a worker's port carries): a
// session opened there is a proxy here; caller audio crosses in one transferred batch per turn of the
// event loop, in order with the calls made after it; events, errors and log lines come back; a throw in
// our own listener fails that call alone; and the thread dying fails every session on it, never in
// silence, while the next call starts a new thread.
import { EventEmitter } from 'node:events';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ProviderCapabilities,
  RealtimeProvider,
  RealtimeSession,
  RealtimeSessionEvents,
  SessionOptions,
} from '../../../../bridge/ai/provider';
import { AiThread, type ThreadEndpoint } from '../../../../bridge/ai/thread/ai-thread';
import type { ToAiThread } from '../../../../bridge/ai/thread/protocol';
import { serveAiThread } from '../../../../bridge/ai/thread/serve';
import { realClock } from '../../../../bridge/base/clock';
import { Emitter } from '../../../../bridge/base/emitter';
import { SautiError } from '../../../../bridge/base/errors';
import { createLog, createSilentLog } from '../../../../bridge/base/log';
import { loadConfig, type Config } from '../../../../bridge/config/config';
import { waitFor } from '../../../sim/carrier';

const CAPS: ProviderCapabilities = {
  inputSampleRateHz: 16_000,
  outputSampleRateHz: 24_000,
  canTruncate: true,
  canResume: false,
  detectsBargeIn: true,
  canListenOnly: true,
};

/** A session on the thread's side that records what reached it, in order. */
class RecordingSession implements RealtimeSession {
  readonly provider = 'openai' as const;
  readonly model = 'recording-model';
  readonly capabilities = CAPS;
  readonly events = new Emitter<RealtimeSessionEvents>();
  readonly got: unknown[][] = [];

  constructor(readonly options: SessionOptions) {}

  sendAudio(pcm: Int16Array): void {
    this.got.push(['audio', ...pcm]);
  }
  greet(text: string): void {
    this.got.push(['greet', text]);
  }
  nudge(text: string): void {
    this.got.push(['nudge', text]);
  }
  truncateHeard(heardMs: number): void {
    this.got.push(['truncateHeard', heardMs]);
  }
  say(text: string): void {
    this.got.push(['say', text]);
  }
  answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void {
    this.got.push(['answerHandoff', toolCallId, result]);
  }
  listenOnly(): void {
    this.got.push(['listenOnly']);
  }
  close(reason: string): void {
    this.got.push(['close', reason]);
    this.events.emit('close', { reason });
  }
}

/** The main side's end of a MessageChannel, as a worker looks to AiThread (it can be made to "exit"). */
class ChannelEndpoint extends EventEmitter implements ThreadEndpoint {
  constructor(
    private readonly port: MessagePort,
    private readonly posted: ToAiThread[],
    private readonly closeOther: () => void,
  ) {
    super();
    port.on('message', (m) => this.emit('message', m));
  }

  postMessage(message: ToAiThread, transfer?: ArrayBuffer[]): void {
    this.posted.push(message);
    this.port.postMessage(message, transfer);
  }

  terminate(): void {
    this.port.close();
    this.closeOther();
  }
}

let cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const config: Config = loadConfig({ aiProvider: 'demo', dataDir: '/nonexistent', logLevel: 'info' });

/** Both sides in this thread; `crash` makes the thread side "exit". Each start is a new thread. */
function rig() {
  const sessions: RecordingSession[] = [];
  const posted: ToAiThread[] = [];
  const threads: { crash: (code: number) => void }[] = [];
  const provider: RealtimeProvider = {
    name: 'openai',
    model: 'recording-model',
    capabilities: CAPS,
    connect(options) {
      if (options.callId !== 'eager')
        options.log.warn({ apiKey: 'sk-live-123', step: 'connect' }, 'hello from the AI thread');
      if (options.callId === 'refused')
        return Promise.reject(new SautiError('AI_AUTH_FAILED', 'The key was refused'));
      const session = new RecordingSession(options);
      sessions.push(session);
      // A model that is ready and speaking at once: these cross in the same batch as "connected".
      setImmediate(() => {
        session.events.emit('ready', { resumed: false });
        session.events.emit('agent.transcript', { text: 'Hello', final: false });
      });
      return Promise.resolve(session);
    },
  };
  const start = (): ThreadEndpoint => {
    const { port1, port2 } = new MessageChannel();
    serveAiThread(port2, { createProvider: () => provider, clock: realClock });
    const endpoint = new ChannelEndpoint(port1, posted, () => port2.close());
    cleanups.push(() => endpoint.terminate());
    threads.push({ crash: (code) => endpoint.emit('exit', code) });
    return endpoint;
  };
  const lines: string[] = [];
  const callLog = createLog({
    level: 'info',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const thread = new AiThread({ start, log: createSilentLog() });
  cleanups.push(() => thread.stop());
  const open = (callId = 'call-1') =>
    thread.provider(config)!.connect({ callId, instructions: '', log: callLog, clock: realClock });
  return { thread, sessions, posted, threads, lines, open };
}

const pcm = (...samples: number[]) => Int16Array.from(samples);

describe('AiThread', () => {
  it('opens a session on the thread: the proxy says what it is and has what the session has', async () => {
    const r = rig();
    const session = await r.open();
    expect(session).toMatchObject({ provider: 'openai', model: 'recording-model', capabilities: CAPS });
    expect(typeof session.say).toBe('function');
    expect(typeof session.listenOnly).toBe('function');
    expect(r.sessions).toHaveLength(1);
    expect(r.sessions[0]!.options.callId).toBe('call-1');
  });

  it('keeps the events that came with "connected" for the listeners attached once connect resolved', async () => {
    const r = rig();
    const session = await r.open('eager');
    const seen: unknown[] = [];
    session.events.on('ready', (e) => seen.push(['ready', e]));
    session.events.on('agent.transcript', (t) => seen.push(['agent', t]));
    await waitFor(() => seen.length === 2, 2000, 'the first events');
    expect(seen).toEqual([
      ['ready', { resumed: false }],
      ['agent', { text: 'Hello', final: false }],
    ]);
  });

  it('sends caller audio in one batch per turn, in order with the calls made after it', async () => {
    const r = rig();
    const a = await r.open('a');
    const b = await r.open('b');
    const frame = pcm(1, 2, 3);
    a.sendAudio(frame);
    frame.set([9, 9, 9]); // the framer reuses its frame: what was sent must not change
    b.sendAudio(pcm(4, 5));
    a.sendAudio(pcm(6));
    a.greet('hello');
    a.truncateHeard(420);
    b.answerHandoff('tool-1', { accepted: true, message: 'connecting' });
    b.listenOnly!();
    await waitFor(() => r.sessions[1]!.got.length === 3, 2000, 'the calls on the thread');
    expect(r.sessions[0]!.got).toEqual([
      ['audio', 1, 2, 3],
      ['audio', 6],
      ['greet', 'hello'],
      ['truncateHeard', 420],
    ]);
    expect(r.sessions[1]!.got).toEqual([
      ['audio', 4, 5],
      ['answerHandoff', 'tool-1', { accepted: true, message: 'connecting' }],
      ['listenOnly'],
    ]);
    // Three frames of two calls in one turn crossed as one message.
    expect(r.posted.filter((m) => m.op === 'audio')).toHaveLength(1);
    // Audio alone waits for the end of the turn, then goes.
    a.sendAudio(pcm(7));
    a.sendAudio(pcm(8));
    await waitFor(() => r.sessions[0]!.got.length === 6, 2000, 'the next batch');
    expect(r.sessions[0]!.got.slice(4)).toEqual([
      ['audio', 7],
      ['audio', 8],
    ]);
    expect(r.posted.filter((m) => m.op === 'audio')).toHaveLength(2);
  });

  it("brings the session's events back: audio as samples, an error as a SautiError, close forgets it", async () => {
    const r = rig();
    const session = await r.open();
    const seen: unknown[] = [];
    session.events.on('audio', (samples) => seen.push(['audio', samples]));
    session.events.on('caller.transcript', (t) => seen.push(['caller', t]));
    session.events.on('handoff', (h) => seen.push(['handoff', h]));
    session.events.on('error', (e) => seen.push(['error', e]));
    session.events.on('close', (c) => seen.push(['close', c]));
    const there = r.sessions[0]!;
    // A decoded chunk is often a view into a larger buffer: only its own samples cross.
    const pooled = new Int16Array(4096).fill(5);
    pooled.set([100, -200, 300], 1000);
    there.events.emit('audio', pooled.subarray(1000, 1003));
    there.events.emit('caller.transcript', { text: 'hours?', final: true });
    there.events.emit('handoff', { toolCallId: 't', reason: 'billing', summary: 'wants a refund' });
    there.events.emit('error', new SautiError('AI_MALFORMED', 'Malformed messages from OpenAI'));
    await waitFor(() => seen.length === 4, 2000, 'the events');
    expect(seen[0]).toEqual(['audio', pcm(100, -200, 300)]);
    expect(seen[1]).toEqual(['caller', { text: 'hours?', final: true }]);
    expect(seen[2]).toEqual(['handoff', { toolCallId: 't', reason: 'billing', summary: 'wants a refund' }]);
    const error = seen[3] as [string, SautiError];
    expect(error[1]).toBeInstanceOf(SautiError);
    expect(error[1]).toMatchObject({ code: 'AI_MALFORMED', message: 'Malformed messages from OpenAI' });
    session.close('caller hung up');
    await waitFor(() => seen.length === 5, 2000, 'the close');
    expect(seen[4]).toEqual(['close', { reason: 'caller hung up' }]);
    expect(there.got).toEqual([['close', 'caller hung up']]);
    expect(r.thread.sessionCount).toBe(0);
    // Nothing more goes to a closed session.
    session.sendAudio(pcm(1));
    session.greet('anyone?');
    expect(r.posted.at(-1)).toMatchObject({ op: 'call', method: 'close' });
  });

  it("rejects a connect the provider refused with the provider's error", async () => {
    const r = rig();
    await expect(r.open('refused')).rejects.toMatchObject({
      name: 'SautiError',
      code: 'AI_AUTH_FAILED',
      message: 'The key was refused',
    });
    expect(r.thread.sessionCount).toBe(0);
  });

  it("writes the thread's log lines to the call's log at their level, secrets still redacted", async () => {
    const r = rig();
    await r.open();
    await waitFor(() => r.lines.length > 0, 2000, 'the log line');
    const line = JSON.parse(r.lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 40,
      msg: 'hello from the AI thread',
      step: 'connect',
      apiKey: '[secret]',
    });
    expect(r.lines[0]).not.toContain('sk-live-123');
    // The session id that routed the line here is not written again.
    expect(line).not.toHaveProperty('aiSession');
  });

  it('fails the call alone with AI_CALLBACK_FAILED when our own listener throws, and closes it there', async () => {
    const r = rig();
    const broken = await r.open('broken');
    const healthy = await r.open('healthy');
    const brokenSeen: unknown[] = [];
    broken.events.on('audio', () => {
      throw new TypeError('listener bug');
    });
    broken.events.on('error', (e) => brokenSeen.push(e));
    broken.events.on('close', (c) => brokenSeen.push(c));
    const healthyAudio: Int16Array[] = [];
    healthy.events.on('audio', (a) => healthyAudio.push(a));
    r.sessions[0]!.events.emit('audio', pcm(1));
    r.sessions[1]!.events.emit('audio', pcm(2));
    await waitFor(() => brokenSeen.length === 2 && healthyAudio.length === 1, 2000, 'both calls');
    expect(brokenSeen[0]).toMatchObject({ code: 'AI_CALLBACK_FAILED' });
    expect((brokenSeen[0] as SautiError).message).toMatch(/^OpenAI session: handling the audio event failed/);
    expect(brokenSeen[1]).toMatchObject({ error: { code: 'AI_CALLBACK_FAILED' } });
    await waitFor(() => r.sessions[0]!.got.length > 0, 2000, 'the close on the thread');
    expect(r.sessions[0]!.got[0]![0]).toBe('close');
    expect(healthyAudio).toEqual([pcm(2)]);
  });

  it('fails every session and pending connect when the thread dies, and the next call starts a new one', async () => {
    const r = rig();
    const a = await r.open('a');
    const seen: unknown[] = [];
    a.events.on('error', (e) => seen.push(['error', e]));
    a.events.on('close', (c) => seen.push(['close', c]));
    const pending = r.open('b');
    r.threads[0]!.crash(1);
    await expect(pending).rejects.toMatchObject({ code: 'AI_THREAD_FAILED' });
    expect(seen).toEqual([
      ['error', expect.objectContaining({ code: 'AI_THREAD_FAILED' })],
      ['close', expect.objectContaining({ error: expect.objectContaining({ code: 'AI_THREAD_FAILED' }) })],
    ]);
    // A session on a dead thread takes nothing more; a new call gets a new thread.
    a.greet('still there?');
    const c = await r.open('c');
    expect(r.threads).toHaveLength(2);
    c.greet('hello');
    await waitFor(() => r.sessions.at(-1)!.got.length === 1, 2000, 'the new thread');
    expect(r.sessions.at(-1)!.got).toEqual([['greet', 'hello']]);
  });
});
