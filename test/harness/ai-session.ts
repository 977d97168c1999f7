// Test language for a provider against its fake service over real sockets: a session opened through
// createProvider (as the app opens it) with a recorder on it, closed after each test; fixture speech
// spoken into it at the session's own input rate; and a connect expected to fail.
import { afterEach, expect } from 'vitest';
import { createProvider } from '../../bridge/ai/create-provider';
import type { RealtimeSession } from '../../bridge/ai/provider';
import { realClock, type Clock } from '../../bridge/base/clock';
import { loadConfig, type ConfigInput } from '../../bridge/config/config';
import { SautiError } from '../../bridge/base/errors';
import { createSilentLog } from '../../bridge/base/log';
import type { FakeScriptOptions } from '../fakes/fake-script';
import { speech } from '../fakes/fake-voice';
import { SessionRecorder } from '../fakes/session-recorder';
import type { FakeAi, FakeAiService } from './ai-services';

const FIXTURE_RATE_HZ = 16_000;
const FRAME_MS = 20;

export interface OpenedSession<F> {
  readonly session: RealtimeSession;
  readonly rec: SessionRecorder;
  readonly fake: F;
}

export interface ProviderSessions<F, O> {
  /**
   * Starts the fake, and opens a session on it with `settings` over the defaults; the session's timers
   * run on `clock` (a FakeClock for the time caps).
   */
  open(fakeOptions?: O, settings?: ConfigInput, clock?: Clock): Promise<OpenedSession<F>>;
  /** Expects opening to fail, with a SautiError. */
  connectError(fakeOptions: O, settings?: ConfigInput): Promise<SautiError>;
}

/** Call at the top of a test file: each test's fake and session are stopped after it. */
export function providerSessions<F extends FakeAi, O extends FakeScriptOptions>(
  service: FakeAiService<F, O>,
): ProviderSessions<F, O> {
  let fake: F | undefined;
  let session: RealtimeSession | undefined;
  afterEach(async () => {
    session?.close('test over');
    session = undefined;
    await fake?.stop();
    fake = undefined;
  });

  async function open(
    fakeOptions: O = {} as O,
    settings: ConfigInput = {},
    clock: Clock = realClock,
  ): Promise<OpenedSession<F>> {
    const f = await service.start(fakeOptions);
    fake = f;
    const config = loadConfig({
      ...service.settings(f),
      businessName: 'Acme Bank',
      logLevel: 'silent',
      ...settings,
    });
    const provider = createProvider(config);
    if (!provider) throw new Error('no provider');
    const s = await provider.connect({
      callId: 'CA-test',
      instructions: '',
      log: createSilentLog(),
      clock,
    });
    session = s;
    return { session: s, rec: new SessionRecorder(s), fake: f };
  }

  async function connectError(fakeOptions: O, settings: ConfigInput = {}): Promise<SautiError> {
    try {
      await open(fakeOptions, settings);
    } catch (err) {
      expect(err).toBeInstanceOf(SautiError);
      return err as SautiError;
    }
    throw new Error('connect succeeded');
  }

  return { open, connectError };
}

/**
 * Caller speech as the bridge sends it (20 ms frames at the session's input rate), followed by enough
 * silence to end the turn.
 */
export function speak(session: RealtimeSession, file: string, silenceMs = 700): void {
  const rateHz = session.capabilities.inputSampleRateHz;
  const pcm = resampleLinear(speech(file), FIXTURE_RATE_HZ, rateHz);
  const frameSamples = (rateHz * FRAME_MS) / 1000;
  for (let i = 0; i < pcm.length; i += frameSamples) session.sendAudio(pcm.slice(i, i + frameSamples));
  for (let ms = 0; ms < silenceMs; ms += FRAME_MS) session.sendAudio(new Int16Array(frameSamples));
}

/** Fixture speech at another rate by linear interpolation: enough for a fake's VAD. */
function resampleLinear(pcm: Int16Array, fromHz: number, toHz: number): Int16Array {
  if (fromHz === toHz) return pcm;
  const out = new Int16Array(Math.floor((pcm.length * toHz) / fromHz));
  for (let i = 0; i < out.length; i++) {
    const x = (i * fromHz) / toHz;
    const j = Math.floor(x);
    const f = x - j;
    out[i] = Math.round(pcm[j]! * (1 - f) + (pcm[j + 1] ?? pcm[j]!) * f);
  }
  return out;
}
