// Carries an escalation out: the AI says its hand-off line and stops listening; once the caller has
// heard it (bounded wait), Sautikit's redirect API points the live call at /handoff. If the redirect
// finally fails the caller is not stranded: when the AI leg is healthy it apologises and keeps the call
// (a later escalation may try again); when it is not (it failed, or left), nothing could speak on the
// stream, so the app ends its media stream and Sautikit, its <Stream> step completed, POSTs the call
// state to /voice, which routes the escalated call to a person (Dial → queue → voicemail). A call with
// no AI is already on the human route (no redirect); a test call from the window has no carrier leg,
// so it only says where a real call would go.
import type { CallId } from '../ids';
import type { EscalationDecision } from './escalation';
import type { CallOutcome, EscalationReason } from './events';
import type { HuntBook, OverflowContext } from './hunt';
import { isTestCall, testHandoffTarget } from './test-calls';

/**
 * How long the caller may hear the hand-off line before the redirect moves the call. The AI's line
 * ("Please hold while I connect you to a colleague") is about 3 s; the recorded prompt 2.4 s.
 */
export const HANDOFF_LINE_CAP_MS = 4000;
/**
 * A take-over click: someone is waiting for their phone to ring, so speed wins. The /handoff answer
 * starts with the PBX's own "Connecting you to a colleague now", so a line cut here is not the last
 * thing the caller hears.
 */
export const TAKEOVER_LINE_CAP_MS = 1500;
/** The AI leg failed: the recorded apology (3.9 s) plays first, and nothing else could be said anyway. */
export const APOLOGY_LINE_CAP_MS = 5000;
/** What the AI says after the hand-off line of a test call, listening again. */
export const TEST_CALL_KEEP_LINE = 'This is a test call, so no colleague will ring. I am still here to help.';

export function handoffLineCapMs(reason: EscalationReason): number {
  if (reason === 'agent-takeover') return TAKEOVER_LINE_CAP_MS;
  if (reason === 'ai-failure') return APOLOGY_LINE_CAP_MS;
  return HANDOFF_LINE_CAP_MS;
}

export interface SessionControl {
  /** The AI says its hand-off line and stops listening. */
  beginHandoff(callSid: string): void;
  /** Resolves when the hand-off line (or apology) has played, the stream closed, or `maxWaitMs` passed. */
  handoffLineDone(callSid: string, maxWaitMs: number): Promise<void>;
  /** Whether the AI leg can keep the call if the hand-off fails (true when no stream is open yet). */
  canKeepCall(callSid: string): boolean;
  /** The hand-off failed: the AI says `apology` and listens again. */
  cancelHandoff(callSid: string, apology: string): void;
  /** Ends our media stream (carrier `disconnect`, then close); the call itself goes on at the carrier. */
  endStream(callSid: string, reason: string): void;
  close(callSid: string, reason: string): void;
}

export class HandoffRedirector {
  private readonly attempts = new Map<CallId, number>();

  constructor(
    private readonly ctx: OverflowContext,
    private readonly book: HuntBook,
    private readonly sessions: SessionControl,
    private readonly reopen: (callId: CallId) => void,
    private readonly endCall: (callSid: string, outcome: CallOutcome, reason: string) => void,
  ) {}

  act(decision: EscalationDecision): void {
    if (decision.reason === 'no-ai') return;
    const live = this.ctx.registry.get(decision.callId);
    if (!live) return;
    const callSid = live.callSid;
    this.sessions.beginHandoff(callSid);
    const n = (this.attempts.get(decision.callId) ?? 0) + 1;
    this.attempts.set(decision.callId, n);
    if (isTestCall(callSid)) {
      this.testCall(decision, callSid);
      return;
    }
    void this.redirectAfterLine(decision, callSid, n);
  }

  forget(callId: CallId): void {
    this.attempts.delete(callId);
  }

  private async redirectAfterLine(decision: EscalationDecision, callSid: string, n: number): Promise<void> {
    const { registry, urls, log } = this.ctx;
    // The caller hears the hand-off line before the call moves (the redirect ends the stream).
    await this.sessions.handoffLineDone(callSid, handoffLineCapMs(decision.reason));
    if (!registry.get(callSid)) {
      log.info({ callSid }, 'caller left during the hand-off line: no redirect');
      return;
    }
    const redacted = urls.redacted('/handoff');
    // Read now, not at start: a key set or changed in Settings applies to this redirect.
    const client = this.ctx.client;
    if (!client) {
      this.failed(
        decision.callId,
        callSid,
        redacted,
        'SAUTIKIT_NO_API_KEY',
        'No Sautikit API key is set: the call cannot be moved to a person',
        0,
      );
      return;
    }
    const url = urls.url('/handoff', callSid, decision.targetAgentId);
    log.info({ callSid, reason: decision.reason }, 'redirecting the call to the human route');
    try {
      const { attempts } = await client.redirect(callSid, url, `redirect-${callSid}-${n}`);
      registry.publish(decision.callId, 'redirect', { url: redacted, ok: true, attempts });
      // Sautikit may already have fetched /handoff (and be ringing someone): never step back.
      if (registry.get(callSid)?.phase === 'escalating') {
        registry.publish(decision.callId, 'call.phase', { phase: 'redirected' });
      }
    } catch (err) {
      const e = err as { code?: string; message?: string; details?: { attempts?: number } };
      if (this.book.get(callSid)) {
        // The redirect did happen (Sautikit fetched /handoff) even though the answer was lost.
        log.warn({ callSid }, 'redirect reported failure but the human route is running: keeping it');
        registry.publish(decision.callId, 'redirect', {
          url: redacted,
          ok: true,
          attempts: e.details?.attempts ?? 1,
        });
        return;
      }
      this.failed(
        decision.callId,
        callSid,
        redacted,
        e.code ?? 'SAUTIKIT_REDIRECT_FAILED',
        e.message ?? String(err),
        e.details?.attempts ?? 1,
      );
    }
  }

  private failed(
    callId: CallId,
    callSid: string,
    url: string,
    code: string,
    message: string,
    attempts: number,
  ): void {
    const { registry, log, config } = this.ctx;
    registry.publish(callId, 'redirect', { url, ok: false, error: message, attempts });
    registry.publish(callId, 'error', { code, message });
    if (!registry.get(callSid)) return;
    if (this.sessions.canKeepCall(callSid)) {
      log.error({ code, callSid, attempts, err: message }, 'redirect failed: the AI keeps the call');
      this.aiKeepsCall(
        callId,
        callSid,
        config.redirectFailedMessage,
        'hand-off failed: the AI keeps the call',
      );
      return;
    }
    // Nothing can speak on this stream any more. The escalation stays active, so /voice — which
    // Sautikit POSTs when the <Stream> step completes — continues the call on the human route.
    log.error(
      { code, callSid, attempts, err: message },
      'redirect failed and the AI leg is down: ending the stream so the call goes on to a person',
    );
    registry.publish(callId, 'call.phase', {
      phase: 'escalating',
      detail:
        'redirect failed and the AI cannot keep the call: ending its stream so the call goes on to a person',
    });
    void this.sessions.handoffLineDone(callSid, APOLOGY_LINE_CAP_MS).then(() => {
      if (registry.get(callSid)) {
        this.sessions.endStream(callSid, 'hand-off without a redirect: the call goes on to a person');
      }
    });
  }

  /** A test call has no carrier leg: say where a real call would go, never call the REST API. */
  private testCall(decision: EscalationDecision, callSid: string): void {
    const { registry, roster, log } = this.ctx;
    const target = testHandoffTarget(roster, decision.targetAgentId);
    log.info({ callSid, reason: decision.reason, next: target.next }, 'test call escalated: no redirect');
    registry.publish(decision.callId, 'test.handoff', target);
    void this.sessions.handoffLineDone(callSid, handoffLineCapMs(decision.reason)).then(() => {
      if (!registry.get(callSid)) return;
      if (this.sessions.canKeepCall(callSid)) {
        this.aiKeepsCall(decision.callId, callSid, TEST_CALL_KEEP_LINE, 'test call: the AI keeps the call');
        return;
      }
      this.endCall(callSid, 'failed', 'test call: the AI leg is down and no person can be rung');
    });
  }

  /** The call stays with the AI: it says `line` and listens again, and a later escalation may move it. */
  private aiKeepsCall(callId: CallId, callSid: string, line: string, detail: string): void {
    this.sessions.cancelHandoff(callSid, line);
    this.reopen(callId);
    this.ctx.registry.publish(callId, 'call.phase', { phase: 'streaming', detail });
  }
}
