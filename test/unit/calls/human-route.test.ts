// The human route without sockets: a fake clock, the real registry and roster, a stub Sautikit
// client. Webhook answers are read as VoiceActions.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/clock';
import { loadConfig, type ConfigInput } from '../../../bridge/config';
import type { CallEvent } from '../../../bridge/calls/events';
import { createOverflow } from '../../../bridge/calls/overflow';
import { CallRegistry } from '../../../bridge/calls/registry';
import { InMemoryAgentRepository, type StoredAgent } from '../../../bridge/calls/routing';
import { asCarrierCallSid } from '../../../bridge/ids';
import { createSilentLog } from '../../../bridge/log';
import type { CallRecord, SautikitClient } from '../../../bridge/sautikit/client';
import { SautiError } from '../../../bridge/errors';
import type { VoiceAction } from '../../../bridge/sautikit/actions';

const PUBLIC = 'https://sauti.example.org';
const agentsAB: StoredAgent[] = [
  { id: 'a', name: 'Akinyi', number: '+254711000001', presence: 'available', lastCallEndedAt: 2000 },
  { id: 'b', name: 'Baraka', number: '+254711000002', presence: 'available', lastCallEndedAt: 1000 },
];

interface StubClient {
  redirects: { callSid: string; url: string; key: string }[];
  records: Map<string, Partial<CallRecord>>;
  redirectFails?: SautiError;
}

async function setup(opts: { agents?: StoredAgent[]; settings?: ConfigInput; client?: boolean } = {}) {
  const clock = new FakeClock(0, Date.UTC(2026, 5, 1));
  const registry = new CallRegistry(clock);
  const events: CallEvent[] = [];
  registry.events.on('event', (e) => events.push(e));
  const config = loadConfig({
    mediaTokenSecret: 'x'.repeat(32),
    dialTimeoutS: 20,
    logLevel: 'silent',
    ...opts.settings,
  });
  const stub: StubClient = { redirects: [], records: new Map() };
  const client = {
    redirect: (callSid: string, url: string, key: string) => {
      stub.redirects.push({ callSid, url, key });
      return stub.redirectFails ? Promise.reject(stub.redirectFails) : Promise.resolve({ attempts: 1 });
    },
    getCall: (id: string) => {
      const r = stub.records.get(id);
      return r
        ? Promise.resolve({ id, status: 'in-progress', raw: {}, ...r } as CallRecord)
        : Promise.reject(new Error('nope'));
    },
    hangUp: () => Promise.resolve(),
    placeCall: () => Promise.resolve({ callId: 'leg-1', sessionId: 'HD_1', status: 'ringing', attempts: 1 }),
  } as unknown as SautikitClient;
  const sessionCalls: string[] = [];
  const overflow = createOverflow({
    config,
    clock,
    log: createSilentLog(),
    registry,
    publicUrl: () => PUBLIC,
    repository: new InMemoryAgentRepository(opts.agents ?? agentsAB),
    client: () => (opts.client === false ? null : client),
    sessions: {
      beginHandoff: (sid) => sessionCalls.push(`begin ${sid}`),
      handoffLineDone: () => Promise.resolve(),
      canKeepCall: () => true,
      cancelHandoff: (sid, apology) => sessionCalls.push(`cancel ${sid}: ${apology}`),
      endStream: (sid, reason) => sessionCalls.push(`end stream ${sid}: ${reason}`),
      close: (sid, reason) => sessionCalls.push(`close ${sid}: ${reason}`),
    },
  });
  await overflow.start();
  const open = (sid = 'CA1') =>
    registry.open({
      callSid: asCarrierCallSid(sid),
      from: '+254712345678',
      to: '+254709000000',
      raw: {},
      provider: 'none',
      model: null,
    });
  const of = (kind: CallEvent['kind']) => events.filter((e) => e.kind === kind);
  return {
    clock,
    registry,
    events,
    overflow,
    route: overflow.humanRoute,
    stub,
    sessionCalls,
    open,
    of,
    config,
  };
}

const verbs = (actions: VoiceAction[]) => actions.map((a) => Object.keys(a)[0]);
const dialOf = (actions: VoiceAction[]) =>
  actions.find((a): a is Extract<VoiceAction, { dial: unknown }> => 'dial' in a)?.dial;
const flush = () => new Promise((r) => setImmediate(r));

describe('human route', () => {
  it('hands off to the longest idle agent: Say, Dial with timeout, Redirect to a signed /dial-status', async () => {
    const w = await setup();
    w.open();
    const actions = w.route.handoff('CA1', undefined);
    expect(verbs(actions)).toEqual(['say', 'dial', 'redirect']);
    expect(dialOf(actions)).toEqual({ number: '+254711000002', timeout: 20 });
    const redirect = actions[2] as { redirect: { url: string; method: string } };
    expect(redirect.redirect.url).toMatch(/^https:\/\/sauti\.example\.org\/dial-status\?t=[\w.%-]+$/);
    expect(w.of('dial.attempt')).toEqual([expect.objectContaining({ agentId: 'b', agentName: 'Baraka' })]);
    expect(w.registry.get('CA1')).toMatchObject({ phase: 'dialing', agent: { id: 'b', state: 'ringing' } });
    // Baraka is ringing: another caller gets Akinyi.
    w.open('CA2');
    expect(dialOf(w.route.handoff('CA2', undefined))?.number).toBe('+254711000001');
  });

  it('a repeated /handoff fetch rings the same agent again, not a second one', async () => {
    const w = await setup();
    w.open();
    w.route.handoff('CA1', undefined);
    const again = w.route.handoff('CA1', undefined);
    expect(dialOf(again)?.number).toBe('+254711000002');
    expect(w.of('dial.attempt')).toHaveLength(1);
  });

  it('an unknown take-over target falls back to the next available agent', async () => {
    const w = await setup();
    w.open();
    expect(dialOf(w.route.handoff('CA1', 'nobody'))?.number).toBe('+254711000002');
    w.open('CA2');
    expect(dialOf(w.route.handoff('CA2', 'b'))?.number).toBe('+254711000001');
  });

  it('moves on after an unanswered Dial using the step status when given, then queues behind a busy agent', async () => {
    const w = await setup();
    w.open();
    w.route.handoff('CA1', undefined);
    const next = w.route.dialStatus('CA1', { CallId: 'CA1', DialCallStatus: 'busy' });
    expect(dialOf(next)?.number).toBe('+254711000001');
    expect(w.of('dial.result')[0]).toMatchObject({ agentId: 'b', result: 'busy' });
    // Akinyi gets another call meanwhile and answers it: nobody free, but someone on duty.
    w.open('CA9');
    w.overflow.roster.connected('a', 'CA9');
    const queued = w.route.dialStatus('CA1', { CallId: 'CA1' });
    expect(verbs(queued)).toEqual(['say', 'conference']);
    expect(queued[1]).toEqual({
      conference: {
        name: 'sauti-queue-CA1',
        startOnEnter: false,
        endOnExit: true,
        beep: false,
        waitUrl: undefined,
      },
    });
    expect(w.of('queue.joined')).toEqual([expect.objectContaining({ position: 1 })]);
    expect(w.overflow.queueView()).toMatchObject({ waiting: 1 });
  });

  it('records a voicemail when nobody is on duty, and logs the recording on the call', async () => {
    const w = await setup({
      agents: [{ id: 'a', name: 'Akinyi', number: '+254711000001', presence: 'away' }],
    });
    w.open();
    const vm = w.route.handoff('CA1', undefined);
    expect(verbs(vm)).toEqual(['say', 'record', 'hangup']);
    const record = (vm[1] as { record: { action: string; maxLength: number } }).record;
    expect(record.action).toMatch(/^https:\/\/sauti\.example\.org\/voicemail\?t=/);
    expect(record.maxLength).toBe(120);
    expect(w.registry.get('CA1')?.phase).toBe('voicemail');
    w.route.voicemail('CA1', { RecordingUrl: 'javascript:alert(1)', RecordingDuration: '7' });
    w.route.voicemail('CA1', { RecordingUrl: 'https://rec.example/1.wav', RecordingDuration: '9' });
    expect(w.of('voicemail')).toEqual([
      expect.objectContaining({ recordingUrl: undefined, durationS: 7 }),
      expect.objectContaining({ recordingUrl: 'https://rec.example/1.wav', durationS: 9 }),
    ]);
  });

  it('takes a Dial as answered when no /dial-status comes after its timeout', async () => {
    const w = await setup();
    w.open();
    w.route.handoff('CA1', undefined);
    w.clock.advance(20_000);
    expect(w.of('agent.connected')).toHaveLength(0);
    w.clock.advance(5_000);
    expect(w.of('agent.connected')).toEqual([expect.objectContaining({ agentId: 'b' })]);
    expect(w.of('dial.result')[0]).toMatchObject({
      result: 'connected',
      detail: expect.stringMatching(/inferred/),
    });
    expect(w.overflow.roster.get('b')?.presence).toBe('on-call');
    // The Dial ending later (step completion) ends the call rather than hunting again.
    expect(w.route.dialStatus('CA1', { CallId: 'CA1' })).toEqual([{ hangup: {} }]);
  });

  it('reads a lifecycle event posted to the voice URL as an event, not a step', async () => {
    const w = await setup();
    w.open();
    w.route.handoff('CA1', undefined);
    w.route.carrierEvent('call.answered', { call_id: 'leg-9', direction: 'outbound', to: '+254711000002' });
    expect(w.of('agent.connected')).toHaveLength(1);
    const answer = w.route.dialStatus('CA1', {
      kind: 'call.completed',
      call_id: 'CA1',
      CallId: 'CA1',
      duration_seconds: 40,
    });
    expect(answer).toEqual([]);
    expect(w.of('call.ended')).toEqual([expect.objectContaining({ outcome: 'agent-handled' })]);
    expect(w.overflow.roster.get('b')?.presence).toBe('available');
    expect(w.of('cost').find((e) => e.kind === 'cost' && e.component === 'carrier-inbound')).toBeDefined();
  });

  it('refuses an agent leg with a bad token, and tells an agent whose caller is gone', async () => {
    const w = await setup();
    expect(w.route.agentLeg('forged', {})).toEqual([{ hangup: {} }]);
    expect(w.route.agentLeg(undefined, {})).toEqual([{ hangup: {} }]);
  });

  it('a failed redirect returns the call to the AI with an apology and allows a later escalation', async () => {
    const w = await setup();
    const live = w.open();
    w.registry.publish(live.callId, 'stream.started', {});
    w.stub.redirectFails = new SautiError(
      'SAUTIKIT_REDIRECT_FAILED',
      'Sautikit did not complete the redirect after 4 attempts: HTTP 503',
    );
    expect(w.overflow.escalate(live.callId, 'caller-asked', 'asked', 'human please')).toBe(true);
    await flush();
    expect(w.of('redirect')).toEqual([expect.objectContaining({ ok: false, url: `${PUBLIC}/handoff` })]);
    expect(w.sessionCalls).toEqual(['begin CA1', `cancel CA1: ${w.config.redirectFailedMessage}`]);
    expect(w.registry.get('CA1')?.phase).toBe('streaming');
    expect(w.overflow.isWithHumans('CA1')).toBe(false);
    w.stub.redirectFails = undefined;
    expect(w.overflow.escalate(live.callId, 'agent-takeover', 'clicked')).toBe(true);
    await flush();
    expect(w.stub.redirects.map((r) => r.key)).toEqual(['redirect-CA1-1', 'redirect-CA1-2']);
    expect(w.registry.get('CA1')?.phase).toBe('redirected');
  });

  it('without an API key an escalation cannot redirect: shown, and the AI keeps the call', async () => {
    const w = await setup({ client: false });
    const live = w.open();
    w.overflow.escalate(live.callId, 'ai-requested', 'tool');
    await flush();
    expect(w.of('error')).toEqual([expect.objectContaining({ code: 'SAUTIKIT_NO_API_KEY' })]);
    expect(w.sessionCalls.at(-1)).toMatch(/^cancel CA1/);
  });

  it('no-AI escalations never call the redirect API (the voice answer is already the human route)', async () => {
    const w = await setup();
    const live = w.open();
    w.overflow.escalate(live.callId, 'no-ai', 'No AI provider is configured');
    await flush();
    expect(w.stub.redirects).toEqual([]);
    expect(w.overflow.isWithHumans('CA1')).toBe(true);
  });

  it('learns that a call with an agent ended from its call record when no event comes', async () => {
    const w = await setup();
    w.open();
    w.route.handoff('CA1', undefined);
    w.clock.advance(25_000); // answered (inferred)
    await flush();
    w.stub.records.set('CA1', { status: 'completed', endedAt: '2026-06-01T00:01:00Z', durationS: 60 });
    w.clock.advance(15_000);
    await flush();
    await flush();
    expect(w.of('call.ended')).toEqual([expect.objectContaining({ outcome: 'agent-handled' })]);
    expect(w.overflow.roster.get('b')?.presence).toBe('available');
  });
});
