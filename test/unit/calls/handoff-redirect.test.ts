// Carrying an escalation out, without sockets: the redirect waits for the hand-off line (a shorter wait
// for a take-over click), a failed redirect with the AI leg down ends the stream so the call goes on to
// a person, and test calls from the window never touch the REST API.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/clock';
import { loadConfig } from '../../../bridge/config';
import type { CallEvent } from '../../../bridge/calls/events';
import {
  APOLOGY_LINE_CAP_MS,
  HANDOFF_LINE_CAP_MS,
  TAKEOVER_LINE_CAP_MS,
  TEST_CALL_KEEP_LINE,
} from '../../../bridge/calls/handoff-redirect';
import { createOverflow } from '../../../bridge/calls/overflow';
import { CallRegistry } from '../../../bridge/calls/registry';
import { InMemoryAgentRepository, type StoredAgent } from '../../../bridge/calls/routing';
import { SautiError } from '../../../bridge/errors';
import { asCarrierCallSid } from '../../../bridge/ids';
import { createSilentLog } from '../../../bridge/log';
import type { VoiceAction } from '../../../bridge/sautikit/actions';
import type { SautikitClient } from '../../../bridge/sautikit/client';

const agents: StoredAgent[] = [
  { id: 'a', name: 'Akinyi', number: '+254711000001', presence: 'available', lastCallEndedAt: 1000 },
  { id: 'b', name: 'Baraka', number: '+254711000002', presence: 'available', lastCallEndedAt: 2000 },
];

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

async function setup(opts: { agents?: StoredAgent[] } = {}) {
  const clock = new FakeClock(0, Date.UTC(2026, 5, 1));
  const registry = new CallRegistry(clock);
  const events: CallEvent[] = [];
  registry.events.on('event', (e) => events.push(e));
  const config = loadConfig({ mediaTokenSecret: 'x'.repeat(32), logLevel: 'silent' });
  const redirects: string[] = [];
  let redirectFails: SautiError | undefined;
  const stubClient = {
    redirect: (callSid: string) => {
      redirects.push(callSid);
      return redirectFails ? Promise.reject(redirectFails) : Promise.resolve({ attempts: 1 });
    },
    hangUp: () => Promise.resolve(),
    getCall: () => Promise.reject(new Error('no record')),
    placeCall: () => Promise.reject(new Error('no calls')),
  } as unknown as SautikitClient;
  let client: SautikitClient | null = stubClient;
  const calls: string[] = [];
  const lineWaits: { callSid: string; maxWaitMs: number; done: () => void }[] = [];
  let aiCanKeep = true;
  const overflow = createOverflow({
    config,
    clock,
    log: createSilentLog(),
    registry,
    publicUrl: () => 'https://sauti.example.org',
    repository: new InMemoryAgentRepository(opts.agents ?? agents),
    client: () => client,
    sessions: {
      beginHandoff: (sid) => calls.push(`begin ${sid}`),
      handoffLineDone: (callSid, maxWaitMs) =>
        new Promise<void>((done) => lineWaits.push({ callSid, maxWaitMs, done })),
      canKeepCall: () => aiCanKeep,
      cancelHandoff: (sid, line) => calls.push(`cancel ${sid}: ${line}`),
      endStream: (sid) => calls.push(`end stream ${sid}`),
      close: (sid) => calls.push(`close ${sid}`),
    },
  });
  await overflow.start();
  const open = (sid: string) =>
    registry.open({
      callSid: asCarrierCallSid(sid),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider: 'gemini',
      model: 'm',
    });
  /** Lets the pending hand-off line finish. */
  const lineDone = async () => {
    for (const w of lineWaits.splice(0)) w.done();
    await flush();
  };
  return {
    registry,
    overflow,
    events,
    calls,
    redirects,
    lineWaits,
    lineDone,
    open,
    config,
    of: (kind: CallEvent['kind']) => events.filter((e) => e.kind === kind),
    failRedirects: (e: SautiError | undefined) => (redirectFails = e),
    setClient: (on: boolean) => (client = on ? stubClient : null),
    setAiCanKeep: (v: boolean) => (aiCanKeep = v),
  };
}

const verbs = (actions: VoiceAction[]) => actions.map((a) => Object.keys(a)[0]);

describe('hand-off redirect', () => {
  it('redirects only after the hand-off line has played (capped at 4 s for an escalation)', async () => {
    const w = await setup();
    const live = w.open('CA1');
    w.overflow.escalate(live.callId, 'caller-asked', 'asked for a person', 'nataka mtu');
    await flush();
    expect(w.calls).toEqual(['begin CA1']);
    expect(w.lineWaits.map((l) => l.maxWaitMs)).toEqual([HANDOFF_LINE_CAP_MS]);
    expect(w.redirects).toEqual([]);
    await w.lineDone();
    expect(w.redirects).toEqual(['CA1']);
    expect(w.registry.get('CA1')?.phase).toBe('redirected');
  });

  it('a take-over click waits less; an AI failure waits for the recorded apology', async () => {
    const w = await setup();
    w.overflow.escalate(w.open('CA1').callId, 'agent-takeover', 'Take over clicked', undefined, 'b');
    w.overflow.escalate(w.open('CA2').callId, 'ai-failure', 'AI leg failed');
    await flush();
    expect(w.lineWaits.map((l) => [l.callSid, l.maxWaitMs])).toEqual([
      ['CA1', TAKEOVER_LINE_CAP_MS],
      ['CA2', APOLOGY_LINE_CAP_MS],
    ]);
    expect(TAKEOVER_LINE_CAP_MS).toBeLessThan(HANDOFF_LINE_CAP_MS);
  });

  it('does not redirect a caller who hung up during the hand-off line', async () => {
    const w = await setup();
    const live = w.open('CA1');
    w.overflow.escalate(live.callId, 'ai-requested', 'tool');
    w.overflow.endCall('CA1', 'abandoned', 'caller hung up');
    await w.lineDone();
    expect(w.redirects).toEqual([]);
  });

  it('uses the API key set after start (read at the redirect, not at start-up)', async () => {
    const w = await setup();
    w.setClient(false);
    const live = w.open('CA1');
    w.overflow.escalate(live.callId, 'ai-requested', 'tool');
    w.setClient(true); // saved in Settings while the line plays
    await w.lineDone();
    expect(w.redirects).toEqual(['CA1']);
    expect(w.of('error')).toEqual([]);
  });

  it('redirect failed with a healthy AI: it apologises and keeps the call', async () => {
    const w = await setup();
    w.failRedirects(new SautiError('SAUTIKIT_REDIRECT_FAILED', 'down'));
    const live = w.open('CA1');
    w.overflow.escalate(live.callId, 'caller-asked', 'asked');
    await w.lineDone();
    expect(w.calls).toEqual(['begin CA1', `cancel CA1: ${w.config.redirectFailedMessage}`]);
    expect(w.overflow.isWithHumans('CA1')).toBe(false);
  });

  it('redirect failed with the AI leg down: the stream ends after the apology and /voice rings a person', async () => {
    const w = await setup();
    w.failRedirects(new SautiError('SAUTIKIT_REDIRECT_FAILED', 'down'));
    w.setAiCanKeep(false);
    const live = w.open('CA1');
    w.registry.publish(live.callId, 'stream.started', {});
    w.overflow.escalate(live.callId, 'agent-takeover', 'Take over clicked', undefined, 'b');
    await w.lineDone(); // the line, then the redirect fails
    expect(w.of('redirect')).toEqual([expect.objectContaining({ ok: false })]);
    expect(w.calls).toEqual(['begin CA1']); // no apology from an AI that cannot speak
    expect(w.lineWaits.map((l) => l.maxWaitMs)).toEqual([APOLOGY_LINE_CAP_MS]);
    await w.lineDone(); // whatever was still playing has played
    expect(w.calls).toEqual(['begin CA1', 'end stream CA1']);
    expect(w.overflow.isWithHumans('CA1')).toBe(true);
    expect(w.registry.get('CA1')?.phase).toBe('escalating');
    // Sautikit's step-completion POST to /voice: the clicked agent is rung, though Akinyi is idle longer.
    const answer = w.overflow.humanRoute.dialStatus('CA1', { CallId: 'CA1', CallStatus: 'in-progress' });
    expect(verbs(answer)).toEqual(['say', 'dial', 'redirect']);
    expect(w.of('dial.attempt')).toEqual([expect.objectContaining({ agentId: 'b', agentName: 'Baraka' })]);
  });

  it('without an API key and the AI leg down, the call still goes on to a person', async () => {
    const w = await setup();
    w.setClient(false);
    w.setAiCanKeep(false);
    const live = w.open('CA1');
    w.overflow.escalate(live.callId, 'ai-failure', 'AI leg failed');
    await w.lineDone();
    await w.lineDone();
    expect(w.of('error')).toEqual([expect.objectContaining({ code: 'SAUTIKIT_NO_API_KEY' })]);
    expect(w.calls).toEqual(['begin CA1', 'end stream CA1']);
    expect(w.overflow.isWithHumans('CA1')).toBe(true);
  });
});

describe('test calls from the window', () => {
  it('escalate without the REST API: the timeline says who a real call would ring, and the AI keeps the call', async () => {
    const w = await setup();
    const live = w.open('TEST-1');
    w.registry.publish(live.callId, 'stream.started', {});
    w.overflow.escalate(live.callId, 'agent-takeover', 'Take over clicked', undefined, 'b');
    await w.lineDone();
    expect(w.redirects).toEqual([]);
    expect(w.of('escalation')).toEqual([expect.objectContaining({ reason: 'agent-takeover' })]);
    expect(w.of('test.handoff')).toEqual([
      expect.objectContaining({ next: 'agent', agentId: 'b', agentName: 'Baraka' }),
    ]);
    const timeline = w.registry.get('TEST-1')!.timeline.map((t) => t.summary);
    expect(timeline).toContain('Test call: a real call would now ring Baraka');
    expect(w.calls).toEqual(['begin TEST-1', `cancel TEST-1: ${TEST_CALL_KEEP_LINE}`]);
    expect(w.registry.get('TEST-1')?.phase).toBe('streaming');
    // The AI kept the call: a later escalation is decided again.
    expect(w.overflow.escalate(live.callId, 'caller-asked', 'asked again')).toBe(true);
    expect(w.of('error')).toEqual([]);
  });

  it('say the queue or voicemail when nobody is free, and end when the AI leg is down', async () => {
    const w = await setup({ agents: [{ ...agents[0]!, presence: 'away' }] });
    w.setAiCanKeep(false);
    const live = w.open('TEST-2');
    w.overflow.escalate(live.callId, 'ai-failure', 'AI leg failed');
    await w.lineDone();
    expect(w.of('test.handoff')).toEqual([expect.objectContaining({ next: 'voicemail' })]);
    expect(w.registry.get('TEST-2')).toBeUndefined();
    expect(w.of('call.ended')).toEqual([expect.objectContaining({ outcome: 'failed' })]);
    expect(w.redirects).toEqual([]);
  });

  it('with no AI set up, the human route rings nobody and ends the test call', async () => {
    const w = await setup();
    const live = w.open('TEST-3');
    w.overflow.escalate(live.callId, 'no-ai', 'No AI provider is configured');
    const answer = w.overflow.humanRoute.handoff('TEST-3', undefined);
    expect(verbs(answer)).toEqual(['say', 'hangup']);
    expect(w.of('dial.attempt')).toEqual([]);
    expect(w.of('test.handoff')).toEqual([expect.objectContaining({ next: 'agent', agentName: 'Akinyi' })]);
    expect(w.of('call.ended')).toEqual([expect.objectContaining({ outcome: 'unanswered' })]);
    expect(w.overflow.roster.get('a')?.presence).toBe('available');
  });
});
