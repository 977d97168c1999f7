import { describe, expect, it } from 'vitest';
import { MALFORMED_BURST_COUNT, MALFORMED_BURST_WINDOW_MS } from '../../../bridge/ai/malformed-burst';
import type { ProviderName, RealtimeSessionEvents } from '../../../bridge/ai/provider';
import { SessionOutbox } from '../../../bridge/ai/session-outbox';
import { FakeClock } from '../../../bridge/base/clock';
import { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';

/** An outbox whose `fail` hook records the failure and reports it, as a session does. */
function makeOutbox(provider: ProviderName, clock = new FakeClock()) {
  const failures: SautiError[] = [];
  const outbox: SessionOutbox = new SessionOutbox(provider, createSilentLog(), clock, (err) => {
    failures.push(err);
    outbox.failed(err);
  });
  return { outbox, failures, clock };
}

function listen(outbox: SessionOutbox): { name: string; payload: unknown }[] {
  const seen: { name: string; payload: unknown }[] = [];
  const names: (keyof RealtimeSessionEvents & string)[] = [
    'ready',
    'handoff',
    'error',
    'close',
    'turn.complete',
  ];
  for (const name of names) outbox.events.on(name, (payload) => seen.push({ name, payload }));
  return seen;
}

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('SessionOutbox', () => {
  it('holds events until the session has opened, then says ready first', async () => {
    const { outbox } = makeOutbox('gemini');
    outbox.emit('turn.complete', {});
    const seen = listen(outbox);
    expect(seen).toEqual([]);
    outbox.opened('model-x', () => false);
    await nextTurn();
    expect(seen.map((e) => e.name)).toEqual(['ready', 'turn.complete']);
  });

  it('skips odd malformed input, and fails the session once on a burst, naming the provider', async () => {
    const { outbox, failures, clock } = makeOutbox('openai');
    const seen = listen(outbox);
    outbox.opened('m', () => false);
    await nextTurn();
    // Spread out: never more than two within the window.
    for (let i = 0; i < MALFORMED_BURST_COUNT * 2; i++) {
      outbox.malformed(`glitch ${i}`);
      clock.advance(MALFORMED_BURST_WINDOW_MS / 2);
    }
    expect(failures).toEqual([]);
    clock.advance(MALFORMED_BURST_WINDOW_MS);
    for (let i = 1; i <= MALFORMED_BURST_COUNT + 2; i++) outbox.malformed(`garbage ${i}`);
    expect(failures).toHaveLength(1);
    expect(failures[0]!.code).toBe('AI_MALFORMED');
    expect(failures[0]!.message).toBe(
      `Malformed events from OpenAI: ${MALFORMED_BURST_COUNT} unreadable within ${MALFORMED_BURST_WINDOW_MS / 1000} s, the last: garbage ${MALFORMED_BURST_COUNT}`,
    );
    expect(seen.filter((e) => e.name === 'error')).toHaveLength(1);
  });

  it('turns a listener that throws into one AI_CALLBACK_FAILED failure, not an exception', async () => {
    const { outbox, failures } = makeOutbox('gemini');
    const seen = listen(outbox);
    outbox.events.on('agent.transcript', () => {
      throw new TypeError('a bug in the call pipeline');
    });
    outbox.opened('m', () => false);
    await nextTurn();
    expect(() => outbox.agent.add('Hello ')).not.toThrow();
    expect(failures.map((f) => f.code)).toEqual(['AI_CALLBACK_FAILED']);
    expect(failures[0]!.message).toBe('Gemini session: handling "agent.transcript" failed (TypeError)');
    expect(seen.filter((e) => e.name === 'close')).toHaveLength(1);
  });

  it('remembers finished lines of both speakers, for a session that starts over', () => {
    const { outbox } = makeOutbox('gemini');
    outbox.caller.add('When do you ');
    outbox.caller.add('open?');
    outbox.caller.end();
    outbox.agent.add('At eight');
    outbox.agent.drop();
    outbox.agent.endWith('We open at eight.');
    expect(outbox.memory.lines).toEqual([
      { speaker: 'caller', text: 'When do you open?' },
      { speaker: 'agent', text: 'We open at eight.' },
    ]);
  });

  it('sends the handoff tool to the call and refuses any other tool to the model', async () => {
    const { outbox } = makeOutbox('gemini');
    const seen = listen(outbox);
    outbox.opened('m', () => false);
    await nextTurn();
    const refused: string[] = [];
    outbox.toolCalled('c1', 'transfer_to_human', '{"reason":"asked","summary":"s"}', (e) => refused.push(e));
    outbox.toolCalled('c2', 'open_vault', {}, (e) => refused.push(e));
    expect(seen.filter((e) => e.name === 'handoff').map((e) => e.payload)).toEqual([
      { toolCallId: 'c1', reason: 'asked', summary: 's' },
    ]);
    expect(refused).toEqual(['No tool named open_vault']);
  });

  it('ends with the error then a close carrying it, or a plain close', async () => {
    const { outbox } = makeOutbox('gemini');
    const seen = listen(outbox);
    outbox.opened('m', () => false);
    await nextTurn();
    const err = new SautiError('AI_QUOTA', 'over quota', { retryable: true });
    outbox.failed(err);
    outbox.closed('call ended');
    expect(seen.slice(1)).toEqual([
      { name: 'error', payload: err },
      { name: 'close', payload: { reason: 'over quota', error: err } },
      { name: 'close', payload: { reason: 'call ended' } },
    ]);
  });
});
