// What the caller hears as the call leaves the AI (the redirect in flight): the AI's own hand-off line,
// the AI asked to say one, or the recorded prompt when it cannot or does not start in time; when the AI
// leg failed, the recorded apology at once. Whoever moves the call waits for that line to play out.
import type { Clock, TimerHandle } from '../base/clock';
import type { Log } from '../base/log';
import type { Pacer } from '../media/pacer';
import type { PromptName } from '../media/prompts';
import type { AiLeg } from './ai-leg';
import type { BargeIn } from './barge-in';
import type { DeadAirWatchdog } from './dead-air';
import type { EscalationReason } from '../domain/call';
import type { ReplyPlayback } from './reply-playback';

/** How long the AI gets to start its hand-off line before the recorded prompt plays instead. */
export const HANDOFF_LINE_WAIT_MS = 2500;

export interface HandoffLineDeps {
  readonly clock: Clock;
  readonly log: Log;
  readonly handoffMessage: string;
  readonly pacer: Pacer;
  readonly playback: ReplyPlayback;
  readonly bargeIn: BargeIn;
  readonly leg: AiLeg;
  readonly deadAir: DeadAirWatchdog;
  readonly escalate: (reason: EscalationReason, detail: string) => void;
  readonly callClosed: () => boolean;
}

export class HandoffLine {
  private handingOff = false;
  private aiAsked = false;
  private lineStarted = false;
  private lineTimer: TimerHandle | undefined;
  private waiters: (() => void)[] = [];

  constructor(private readonly deps: HandoffLineDeps) {}

  /** The call is leaving the AI: caller audio no longer goes to it. */
  get active(): boolean {
    return this.handingOff;
  }

  /** The model called the hand-off tool: the line it says next is the hand-off line. */
  aiAskedForIt(): void {
    this.aiAsked = true;
  }

  /**
   * The call is leaving the AI: the caller hears the AI's own line when it asked for the hand-off,
   * else the AI is asked to say `handoffMessage`, else the recorded prompt. `cutNow` (a person takes
   * the call here and now): the AI is cut at once and says nothing more.
   */
  begin(cutNow = false): void {
    if (this.deps.callClosed() || this.handingOff) return;
    const { leg, playback, pacer } = this.deps;
    this.handingOff = true;
    this.deps.deadAir.clear();
    if (cutNow) {
      this.deps.clock.clearTimeout(this.lineTimer);
      if (playback.generating) playback.dropRestOfReply();
      this.deps.bargeIn.stop(leg.session, 'handoff', playback.line);
      this.lineStarted = true;
      this.releaseWaiters();
      return;
    }
    if (leg.failed || playback.playingPrompt) return; // the apology is already speaking for us
    if (this.aiAsked && leg.session) {
      // The model may have said its line before calling the tool; otherwise it says it in answer to it.
      this.lineStarted = pacer.isPlaying();
      if (!this.lineStarted) this.armLineWait();
      return;
    }
    const wasGenerating = playback.generating;
    this.deps.bargeIn.stop(leg.session, 'handoff', playback.line);
    // The rest of the cut reply may still be in flight: it is not the hand-off line.
    if (wasGenerating) playback.dropRestOfReply();
    const ai = leg.session;
    if (ai?.say) {
      ai.say(this.deps.handoffMessage);
      this.armLineWait();
    } else {
      this.playPrompt('handoff');
    }
  }

  /** The hand-off could not be made: the AI keeps the call, says `apology` and listens again. */
  cancel(apology: string): void {
    if (this.deps.callClosed() || !this.handingOff) return;
    this.handingOff = false;
    this.aiAsked = false;
    this.lineStarted = false;
    this.deps.clock.clearTimeout(this.lineTimer);
    this.releaseWaiters();
    const { leg } = this.deps;
    const ai = leg.session;
    // A failed AI leg cannot speak, so nothing is said.
    if (leg.failed || !ai) return;
    this.deps.playback.takeModelAudio();
    if (ai.say) ai.say(apology);
    else ai.nudge(`Tell the caller: ${apology}`);
  }

  /** Resolves once the hand-off line (or apology) has played out, the call closed, or `maxWaitMs` passed. */
  lineDone(maxWaitMs: number): Promise<void> {
    if (this.deps.callClosed() || !this.handingOff) return Promise.resolve();
    // Asked again after the line already played out: nothing to wait for.
    if (this.handingOff && this.lineStarted && !this.deps.pacer.isPlaying()) return Promise.resolve();
    return new Promise((resolve) => {
      const clock = this.deps.clock;
      const timer = clock.setTimeout(done, maxWaitMs);
      function done() {
        clock.clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  /** Model audio is playing: while leaving, that is the hand-off line starting. */
  modelSpoke(): void {
    if (!this.handingOff || this.lineStarted) return;
    this.lineStarted = true;
    this.deps.clock.clearTimeout(this.lineTimer);
  }

  /** The model left while the call is leaving: the prompt says the line if the model had not begun it. */
  aiLeft(): void {
    if (!this.lineStarted && !this.deps.pacer.isPlaying()) this.playPrompt('handoff');
  }

  /** The AI leg failed: its half reply is cut, it is closed, the apology plays, the call escalates. */
  aiFailed(detail: string): void {
    const { leg, playback } = this.deps;
    this.deps.deadAir.clear();
    this.deps.clock.clearTimeout(this.lineTimer);
    this.deps.bargeIn.stop(leg.session, 'ai-failure', playback.line);
    leg.detach('AI leg failed');
    this.playPrompt('apology');
    if (!this.handingOff) this.deps.escalate('ai-failure', detail);
  }

  /** Everything we sent has played out (`wasPrompt`: a recorded prompt). */
  playedOut(wasPrompt: boolean): void {
    if (this.handingOff && (wasPrompt || this.lineStarted)) this.releaseWaiters();
  }

  /** The call ended: nothing is waited for any more. */
  end(): void {
    this.deps.clock.clearTimeout(this.lineTimer);
    this.releaseWaiters();
  }

  private playPrompt(name: PromptName): void {
    if (this.deps.callClosed()) return;
    this.lineStarted = true;
    this.deps.playback.playPrompt(name);
  }

  private armLineWait(): void {
    const { clock } = this.deps;
    clock.clearTimeout(this.lineTimer);
    this.lineTimer = clock.setTimeout(() => {
      this.lineTimer = undefined;
      if (this.deps.callClosed() || this.lineStarted || this.deps.leg.failed) return;
      this.deps.log.warn('the AI did not say the hand-off line: playing the recorded prompt');
      this.deps.bargeIn.stop(this.deps.leg.session, 'handoff', this.deps.playback.line);
      this.playPrompt('handoff');
    }, HANDOFF_LINE_WAIT_MS);
  }

  private releaseWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const done of waiters) done();
  }
}
