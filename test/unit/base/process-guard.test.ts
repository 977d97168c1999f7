import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { describeFault, FAULT_EXIT_CODE, guardProcess } from '../../../bridge/base/process-guard';
import { captureLog } from '../../harness/capture-log';

class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

function guarded(options: { maxFaultsPerBurst?: number; burstWindowMs?: number } = {}) {
  const target = new FakeProcess();
  const clock = new FakeClock();
  const captured = captureLog();
  const remove = guardProcess(target, { log: () => captured.log, clock, ...options });
  return { target, clock, captured, remove };
}

const secretError = () =>
  Object.assign(new TypeError('fetch https://api.example/x?key=sk_live_SECRET failed for +254712345678'), {
    code: 'ERR_SOMETHING',
  });

describe('guardProcess', () => {
  it('logs an uncaught exception with a code, its kind and frames, never its message, and keeps running', () => {
    const { target, captured } = guarded();
    target.emit('uncaughtException', secretError());
    expect(target.exits).toEqual([]);
    expect(captured.lines).toEqual([
      expect.objectContaining({
        code: 'PROCESS_UNCAUGHT_EXCEPTION',
        errName: 'TypeError',
        errCode: 'ERR_SOMETHING',
        frames: expect.arrayContaining([expect.stringMatching(/^at /)]),
        msg: 'unhandled fault: kept running',
      }),
    ]);
    expect(captured.text()).not.toMatch(/sk_live_SECRET|254712345678|api\.example/);
  });

  it('logs an unhandled rejection, whatever was rejected', () => {
    const { target, captured } = guarded();
    target.emit('unhandledRejection', secretError());
    target.emit('unhandledRejection', 'a bare string with a token tok_123');
    expect(captured.lines.map((l) => [l.code, l.errName])).toEqual([
      ['PROCESS_UNHANDLED_REJECTION', 'TypeError'],
      ['PROCESS_UNHANDLED_REJECTION', 'string'],
    ]);
    expect(captured.text()).not.toContain('tok_123');
  });

  it('exits (70) on a burst of faults, not on the same number spread out', () => {
    const spread = guarded({ maxFaultsPerBurst: 3, burstWindowMs: 1000 });
    for (let i = 0; i < 6; i++) {
      spread.target.emit('uncaughtException', new Error('x'));
      spread.clock.advance(400);
    }
    expect(spread.target.exits).toEqual([]);

    const burst = guarded({ maxFaultsPerBurst: 3, burstWindowMs: 1000 });
    for (let i = 0; i < 4; i++) burst.target.emit('uncaughtException', new Error('x'));
    expect(burst.target.exits).toEqual([FAULT_EXIT_CODE]);
    expect(burst.captured.lines.at(-1)).toMatchObject({ level: 60, faultsInWindow: 4 });
  });

  it('can be removed', () => {
    const { target, remove } = guarded();
    remove();
    expect(target.listenerCount('uncaughtException')).toBe(0);
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  it('describes a fault by kind and frames only', () => {
    expect(describeFault(new RangeError('secret'))).toMatchObject({ errName: 'RangeError' });
    expect(JSON.stringify(describeFault(new RangeError('secret')))).not.toContain('secret');
    expect(describeFault(undefined)).toEqual({ errName: 'undefined', frames: [] });
  });
});
