import { describe, expect, it } from 'vitest';
import type { RealtimeSessionEvents } from '../../../bridge/ai/provider';
import { SessionOutbox } from '../../../bridge/ai/session-outbox';
import { SautiError } from '../../../bridge/errors';
import { createSilentLog } from '../../../bridge/log';

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
    const outbox = new SessionOutbox('gemini', createSilentLog());
    outbox.emit('turn.complete', {});
    const seen = listen(outbox);
    expect(seen).toEqual([]);
    outbox.opened('model-x', () => false);
    await nextTurn();
    expect(seen.map((e) => e.name)).toEqual(['ready', 'turn.complete']);
  });

  it('reports malformed input to the call once, naming the provider', async () => {
    const outbox = new SessionOutbox('openai', createSilentLog());
    const seen = listen(outbox);
    outbox.opened('m', () => false);
    await nextTurn();
    outbox.malformed('first');
    outbox.malformed('second');
    const errors = seen.filter((e) => e.name === 'error').map((e) => e.payload as SautiError);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('AI_MALFORMED');
    expect(errors[0]!.message).toBe('Malformed event from OpenAI: first');
  });

  it('sends the handoff tool to the call and refuses any other tool to the model', async () => {
    const outbox = new SessionOutbox('gemini', createSilentLog());
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
    const outbox = new SessionOutbox('gemini', createSilentLog());
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
