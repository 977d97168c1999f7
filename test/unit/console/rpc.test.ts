import { describe, expect, it } from 'vitest';
import { createPipePair } from '../../../bridge/console/pipe';
import { serveRpc, type Handlers } from '../../../bridge/console/rpc';
import { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';
import { captureLog } from '../../harness/capture-log';

function next(pipe: ReturnType<typeof createPipePair>[1]): Promise<unknown> {
  return new Promise((resolve) => {
    const off = pipe.onMessage((m) => {
      off();
      resolve(m);
    });
  });
}

const handlers = {
  'call.whisper': ({ callId, text }: { callId: string; text: string }) => {
    if (callId === 'gone') throw new SautiError('CALL_NOT_FOUND', 'That call is not live any more');
    return { accepted: text.length > 0 };
  },
  'status.get': () => {
    throw new Error('boom with a secret sk-123');
  },
  'settings.set': () => {
    throw new SautiError(
      'SETTINGS_INVALID',
      'Not saved: one setting needs fixing — greeting: must not be empty',
      {
        fields: { greeting: 'must not be empty' },
      },
    );
  },
} as unknown as Handlers;

describe('console RPC', () => {
  it('answers a valid command with its value', async () => {
    const [core, ui] = createPipePair();
    serveRpc(core, handlers, createSilentLog(), {});
    const reply = next(ui);
    ui.send({
      type: 'cmd',
      id: 7,
      name: 'call.whisper',
      args: { callId: 'CA1', text: 'offer the discount' },
    });
    expect(await reply).toEqual({ type: 'res', id: 7, result: { ok: true, value: { accepted: true } } });
  });

  it('validates arguments at the edge and names the bad field', async () => {
    const [core, ui] = createPipePair();
    serveRpc(core, handlers, createSilentLog(), {});
    const reply = next(ui);
    ui.send({ type: 'cmd', id: 1, name: 'call.whisper', args: { callId: 'CA1', text: '   ' } });
    expect(await reply).toMatchObject({
      id: 1,
      result: { ok: false, error: { code: 'API_BAD_ARGS', message: expect.stringMatching(/text/) } },
    });
  });

  it('turns errors into data without leaking internals', async () => {
    const [core, ui] = createPipePair();
    serveRpc(core, handlers, createSilentLog(), {});
    let reply = next(ui);
    ui.send({ type: 'cmd', id: 2, name: 'call.whisper', args: { callId: 'gone', text: 'x' } });
    expect(await reply).toMatchObject({ result: { ok: false, error: { code: 'CALL_NOT_FOUND' } } });
    reply = next(ui);
    ui.send({ type: 'cmd', id: 3, name: 'status.get', args: {} });
    const r = (await reply) as { result: { error: { code: string; message: string } } };
    expect(r.result.error.code).toBe('API_INTERNAL');
    expect(r.result.error.message).not.toContain('sk-123');
    reply = next(ui);
    ui.send({ type: 'cmd', id: 4, name: 'nope.never', args: {} });
    expect(await reply).toMatchObject({ result: { ok: false, error: { code: 'API_UNKNOWN_COMMAND' } } });
  });

  it('carries every bad field of a refused form as data', async () => {
    const [core, ui] = createPipePair();
    serveRpc(core, handlers, createSilentLog(), {});
    const reply = next(ui);
    ui.send({ type: 'cmd', id: 5, name: 'settings.set', args: { values: { greeting: '' } } });
    expect(await reply).toMatchObject({
      result: { ok: false, error: { code: 'SETTINGS_INVALID', fields: { greeting: 'must not be empty' } } },
    });
  });

  it('ignores binary frames from a console with one log line, and keeps answering its commands', async () => {
    const [core, ui] = createPipePair();
    const captured = captureLog();
    const rpc = serveRpc(core, handlers, captured.log, {});
    ui.sendBinary(new Uint8Array([1, 0, 3, 0, 0x43, 0x41, 0x31, 0, 1, 0]));
    ui.sendBinary(new Uint8Array([0xff]));
    const reply = next(ui);
    ui.send({ type: 'cmd', id: 5, name: 'call.whisper', args: { callId: 'CA1', text: 'hi' } });
    expect(await reply).toMatchObject({ id: 5, result: { ok: true } });
    const ignored = () => captured.lines.filter((l) => l.code === 'API_BINARY_FROM_CONSOLE');
    expect(ignored()).toEqual([expect.objectContaining({ bytes: 10 })]);
    rpc.close();
    expect(ignored().at(-1)).toMatchObject({ frames: 2 });
  });
});
