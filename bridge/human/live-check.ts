// "Test my setup", live: the app calls the agent's own phone and finds out what only a real call can
// tell — can it place a call, does the answered phone stream back to this computer, does audio flow
// both ways, does this account's carrier redirect move a live call (the accelerator), can it hang up.
// What it finds about the redirect is remembered for the account (carrier-transfer.ts).
import type { CarrierCallSid } from '../domain/ids';
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { LiveCheckReport, LiveCheckStep } from '../api/contract';
import type { Clock, TimerHandle } from '../base/clock';
import type { Config } from '../config/config';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { bufferFromInt16, int16FromBuffer, levelDbfs } from '../media/pcm';
import type { VoiceAction } from '../sautikit/actions';
import { SautikitApiError, type SautikitClient } from '../sautikit/client';
import type { CarrierTransfer } from './carrier-transfer';
import { NO_EFFECT_MS } from './carrier-transfer';
import type { AgentRoster } from './roster';
import type { RouteUrls } from './route-urls';
import { voicemailTone } from './voicemail';

export const CHECK_PREFIX = 'check-';
/** Audio above this level from the phone counts as the person speaking. */
const VOICE_DBFS = -45;
/** How long the check listens for the person's voice after the phone answered. */
export const LISTEN_MS = 6000;

export type LiveCheckStepId = LiveCheckStep['id'];

export function isCheckLeg(legId: string | undefined): boolean {
  return !!legId && legId.startsWith(CHECK_PREFIX);
}

export interface LiveCheckDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  readonly roster: AgentRoster;
  readonly urls: RouteUrls;
  readonly transfer: CarrierTransfer;
  readonly client: () => SautikitClient | null;
}

interface Running {
  readonly id: string;
  carrierIds: CarrierCallSid[];
  answerUrlFetched: boolean;
  ws: WebSocket | null;
  framesIn: number;
  voiceFramesIn: number;
  redirected: boolean;
  wake: (() => void) | null;
}

export class LiveCheck {
  private running: Running | null = null;

  constructor(private readonly deps: LiveCheckDeps) {}

  /** Calls `agentId`'s phone (the only agent when absent) and reports each step. */
  async run(agentId?: string): Promise<LiveCheckReport> {
    const { roster, config } = this.deps;
    const client = this.deps.client();
    if (!client)
      throw new SautiError(
        'SAUTIKIT_NO_API_KEY',
        'Set the Sautikit API key first: the check places a real call',
      );
    if (this.running) throw new SautiError('SETUP_CHECK_BUSY', 'A check call is already under way');
    const agent = agentId ? roster.get(agentId) : roster.list().length === 1 ? roster.list()[0] : undefined;
    if (!agent) throw new SautiError('AGENT_REQUIRED', 'Choose whose phone the check should call');
    const from = config.teamNumber;
    if (!from)
      throw new SautiError(
        'SETUP_NO_NUMBER',
        'Set "Your Sautikit number" (SAUTIKIT_NUMBER) first: it is the number your phone will see calling',
      );
    const run: Running = {
      id: `${CHECK_PREFIX}${randomBytes(6).toString('hex')}`,
      carrierIds: [],
      answerUrlFetched: false,
      ws: null,
      framesIn: 0,
      voiceFramesIn: 0,
      redirected: false,
      wake: null,
    };
    this.running = run;
    const steps: LiveCheckStep[] = [];
    const step = (id: LiveCheckStepId, ok: boolean | null, detail: string) => steps.push({ id, ok, detail });
    try {
      try {
        const placed = await client.placeCall({
          from,
          to: agent.number,
          voiceCallbackUrl: this.deps.urls.url('/agent-leg', run.id, { legId: run.id }),
          clientRequestId: run.id,
          idempotencyKey: run.id,
        });
        run.carrierIds = [placed.callId, placed.sessionId].filter((x): x is CarrierCallSid => !!x);
        step('call', true, `Sautikit placed a call to ${agent.name} (${agent.number})`);
      } catch (err) {
        step('call', false, `Sautikit would not place the call: ${(err as Error).message}`);
        return this.report(agent, steps);
      }
      await this.until(run, () => run.ws !== null, config.dialTimeoutS * 1000 + 10_000);
      if (!run.ws) {
        step(
          'answered',
          false,
          run.answerUrlFetched
            ? 'The phone answered, but its audio never reached this computer (is the public URL reachable over wss?)'
            : `Nobody answered within ${config.dialTimeoutS} s (or Sautikit could not reach this computer's /agent-leg)`,
        );
        return this.report(agent, steps);
      }
      step('answered', true, 'The phone answered and its stream reached this computer');
      // A tone to the phone, then a few seconds to hear the person.
      run.ws.send(bufferFromInt16(voicemailTone()), { binary: true });
      step('audio-out', true, 'A short tone was sent to the phone: you should have heard it');
      await this.until(run, () => run.voiceFramesIn >= 10, LISTEN_MS);
      step(
        'audio-in',
        run.framesIn > 0 ? run.voiceFramesIn >= 10 || null : false,
        run.voiceFramesIn >= 10
          ? 'Your voice reached this computer'
          : run.framesIn > 0
            ? 'Audio reached this computer, but no voice was heard (say something during the check)'
            : 'No audio reached this computer from the phone',
      );
      await this.checkRedirect(client, run, step);
      return this.report(agent, steps);
    } finally {
      await this.hangUp(client, run, steps);
      this.running = null;
    }
  }

  /** The check leg's answer URL was fetched (the phone answered). */
  answer(legId: string): VoiceAction[] | null {
    const run = this.running;
    if (!run || run.id !== legId) return null;
    run.answerUrlFetched = true;
    run.wake?.();
    return [
      {
        say: {
          text: 'This is a Sauti Console setup check. Please say a few words after the tone.',
          language: this.deps.config.language,
        },
      },
      {
        stream: {
          url: this.deps.urls.mediaUrl(run.id, this.deps.config.mediaTokenTtlMs, { legId: run.id }),
          track: 'inbound_track',
          connect: true,
          outputSamplingRate: 16000,
          bidirectionalSamplingRate: 16000,
          name: `sauti-${run.id}`,
        },
      },
    ];
  }

  /** Whether the media server should take this leg's stream. */
  awaitingStream(legId: string | undefined): boolean {
    return !!this.running && this.running.id === legId && this.running.ws === null;
  }

  attachStream(legId: string | undefined, ws: WebSocket): void {
    const run = this.running;
    if (!run || run.id !== legId || run.ws) {
      ws.close(1000, 'no check running');
      return;
    }
    run.ws = ws;
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary || data.length < 2) return;
      run.framesIn++;
      if (levelDbfs(int16FromBuffer(data)) > VOICE_DBFS) run.voiceFramesIn++;
      run.wake?.();
    });
    ws.on('close', () => run.wake?.());
    ws.on('error', () => undefined);
    run.wake?.();
  }

  /** The carrier fetched /handoff for the check leg: its redirect moves live calls. */
  redirected(legId: string): VoiceAction[] | null {
    const run = this.running;
    if (!run || run.id !== legId) return null;
    run.redirected = true;
    run.wake?.();
    return [
      {
        say: {
          text: 'The carrier redirect works. The check is over. Goodbye.',
          language: this.deps.config.language,
        },
      },
      { hangup: {} },
    ];
  }

  private async checkRedirect(
    client: SautikitClient,
    run: Running,
    step: (id: LiveCheckStepId, ok: boolean | null, detail: string) => void,
  ): Promise<void> {
    const id = run.carrierIds[0];
    if (!id) {
      step('redirect', null, 'Not tried: Sautikit gave no id for the check call');
      return;
    }
    const url = this.deps.urls.url('/handoff', run.id, { legId: run.id });
    try {
      await client.redirect(id, url, `${run.id}-redirect`);
    } catch (err) {
      const status = err instanceof SautikitApiError ? err.details.status : undefined;
      if (status === 404 || status === 405 || status === 501) {
        this.deps.transfer.remember('absent', `setup check: HTTP ${status}`);
        step(
          'redirect',
          false,
          `This account has no live-call redirect (HTTP ${status}): the bridge carries every hand-off`,
        );
      } else {
        step('redirect', null, `The redirect could not be tried: ${(err as Error).message}`);
      }
      return;
    }
    await this.until(run, () => run.redirected, NO_EFFECT_MS);
    if (run.redirected) {
      this.deps.transfer.remember('works', 'setup check: a live call moved');
      step(
        'redirect',
        true,
        'The carrier redirect moved the live call: phone hand-offs can use it (Carrier transfer)',
      );
    } else {
      this.deps.transfer.remember('no-effect', 'setup check: accepted but the call did not move');
      step('redirect', false, 'Sautikit accepted the redirect but the call did not move: it is not used');
    }
  }

  private async hangUp(client: SautikitClient, run: Running, steps: LiveCheckStep[]): Promise<void> {
    const id = run.carrierIds[0];
    if (!id) return;
    try {
      await client.hangUp(id);
      steps.push({ id: 'hangup', ok: true, detail: 'The check call was hung up' });
    } catch (err) {
      steps.push({ id: 'hangup', ok: false, detail: `Hanging up failed: ${(err as Error).message}` });
    }
    run.ws?.close(1000, 'check over');
  }

  private report(agent: { name: string; number: string }, steps: LiveCheckStep[]): LiveCheckReport {
    return {
      ok: steps.every((s) => s.ok !== false || s.id === 'redirect'),
      agentName: agent.name,
      number: agent.number,
      steps,
      redirect: this.deps.transfer.support().redirect,
      testedAtMs: this.deps.clock.epochMs(),
    };
  }

  /** Resolves when `done()` holds (checked on every wake) or `withinMs` passed. */
  private until(run: Running, done: () => boolean, withinMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        this.deps.clock.clearTimeout(timer);
        run.wake = null;
        resolve();
      };
      const timer: TimerHandle = this.deps.clock.setTimeout(finish, withinMs);
      run.wake = () => {
        if (done()) finish();
      };
    });
  }
}
