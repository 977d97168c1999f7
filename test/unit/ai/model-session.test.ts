import { describe, expect, it } from 'vitest';
import { ModelSession, type ModelLink } from '../../../bridge/ai/model-session';
import type { SessionOptions } from '../../../bridge/ai/provider';
import { realClock } from '../../../bridge/base/clock';
import { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';

class FakeLink implements ModelLink {
  closed = false;
  closes = 0;
  readonly audio: Int16Array[] = [];
  constructor(private readonly opening: Promise<void>) {}
  open(): Promise<void> {
    return this.opening;
  }
  sendAudio(pcm: Int16Array): void {
    this.audio.push(pcm);
  }
  close(): void {
    this.closed = true;
    this.closes++;
  }
}

class TestSession extends ModelSession {
  constructor(protected readonly link: FakeLink) {
    const options: SessionOptions = {
      callId: 'CA1',
      instructions: '',
      log: createSilentLog(),
      clock: realClock,
    };
    super(
      'gemini',
      'model-x',
      {
        inputSampleRateHz: 16_000,
        outputSampleRateHz: 24_000,
        canTruncate: false,
        canResume: true,
        detectsBargeIn: true,
        canListenOnly: false,
      },
      options,
    );
  }
  greet(): void {}
  nudge(): void {}
  say(): void {}
  truncateHeard(): void {}
  answerHandoff(): void {}
}

describe('ModelSession', () => {
  it('is ready once the link is open, sends caller audio down it, and closes it once', async () => {
    const link = new FakeLink(Promise.resolve());
    const session = new TestSession(link);
    await session.start();
    const seen: string[] = [];
    session.events.on('ready', (r) => seen.push(`ready resumed=${r.resumed}`));
    session.events.on('close', (c) => seen.push(`close ${c.reason}`));
    await new Promise((r) => setImmediate(r));
    session.sendAudio(new Int16Array(320));
    session.close('call ended');
    session.close('again');
    expect(link.audio).toHaveLength(1);
    expect(link.closes).toBe(1);
    expect(seen).toEqual(['ready resumed=false', 'close call ended']);
  });

  it('rejects start with the link error and says nothing', async () => {
    const link = new FakeLink(Promise.reject(new SautiError('AI_QUOTA', 'over quota', { retryable: true })));
    const session = new TestSession(link);
    let ready = 0;
    session.events.on('ready', () => ready++);
    await expect(session.start()).rejects.toMatchObject({ code: 'AI_QUOTA' });
    await new Promise((r) => setImmediate(r));
    expect(ready).toBe(0);
  });
});
