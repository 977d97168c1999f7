import { describe, expect, it } from 'vitest';
import type { SessionOptions } from '../../../bridge/ai/provider';
import { SessionProvider, type StartableSession } from '../../../bridge/ai/session-provider';
import { realClock } from '../../../bridge/base/clock';
import { SautiError } from '../../../bridge/base/errors';
import { Emitter } from '../../../bridge/base/emitter';
import { createSilentLog } from '../../../bridge/base/log';

const options = (instructions: string): SessionOptions => ({
  callId: 'CA1',
  instructions,
  log: createSilentLog(),
  clock: realClock,
});

function provider(start: () => Promise<void>) {
  const opened: string[] = [];
  const p = new SessionProvider({
    name: 'openai',
    model: 'm',
    capabilities: {
      inputSampleRateHz: 24_000,
      outputSampleRateHz: 24_000,
      canTruncate: true,
      canResume: false,
      detectsBargeIn: true,
      canListenOnly: false,
    },
    defaultInstructions: 'Be the default agent.',
    createSession: (instructions): StartableSession => {
      opened.push(instructions);
      const noop = () => undefined;
      return {
        provider: 'openai',
        model: 'm',
        capabilities: p.capabilities,
        events: new Emitter(),
        start,
        sendAudio: noop,
        greet: noop,
        nudge: noop,
        truncateHeard: noop,
        answerHandoff: noop,
        close: noop,
      };
    },
  });
  return { p, opened };
}

describe('SessionProvider', () => {
  it("opens with the call's instructions, or the default when they are blank", async () => {
    const { p, opened } = provider(async () => undefined);
    await p.connect(options('  Be Zawadi.  '));
    await p.connect(options('   '));
    expect(opened).toEqual(['Be Zawadi.', 'Be the default agent.']);
  });

  it('rejects with the session start-up error', async () => {
    const { p } = provider(() => Promise.reject(new SautiError('AI_AUTH_FAILED', 'bad key')));
    await expect(p.connect(options(''))).rejects.toMatchObject({ code: 'AI_AUTH_FAILED' });
  });
});
