// Carries an escalation out: the AI says its hand-off line and stops listening while Sautikit's
// redirect API points the live call at /handoff. If the redirect finally fails the caller is not
// stranded: the AI apologises and keeps the call, the failure is on the timeline, and a later
// escalation may try again. A call with no AI is already on the human route (no redirect).
import type { CallId } from '../ids';
import type { EscalationDecision } from './escalation';
import type { HuntBook, OverflowContext } from './hunt';

export interface SessionControl {
  /** The AI says its hand-off line and stops listening. */
  beginHandoff(callSid: string): void;
  /** The hand-off failed: the AI says `apology` and listens again. */
  cancelHandoff(callSid: string, apology: string): void;
  close(callSid: string, reason: string): void;
}

export class HandoffRedirector {
  private readonly attempts = new Map<CallId, number>();

  constructor(
    private readonly ctx: OverflowContext,
    private readonly book: HuntBook,
    private readonly sessions: SessionControl,
    private readonly reopen: (callId: CallId) => void,
  ) {}

  act(decision: EscalationDecision): void {
    if (decision.reason === 'no-ai') return;
    const { registry, client, urls, log } = this.ctx;
    const live = registry.get(decision.callId);
    if (!live) return;
    const callSid = live.callSid;
    this.sessions.beginHandoff(callSid);
    const n = (this.attempts.get(decision.callId) ?? 0) + 1;
    this.attempts.set(decision.callId, n);
    const redacted = urls.redacted('/handoff');
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
    client.redirect(callSid, url, `redirect-${callSid}-${n}`).then(
      ({ attempts }) => {
        registry.publish(decision.callId, 'redirect', { url: redacted, ok: true, attempts });
        // Sautikit may already have fetched /handoff (and be ringing someone): never step back.
        if (registry.get(callSid)?.phase === 'escalating') {
          registry.publish(decision.callId, 'call.phase', { phase: 'redirected' });
        }
      },
      (err: unknown) => {
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
      },
    );
  }

  forget(callId: CallId): void {
    this.attempts.delete(callId);
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
    log.error({ code, callSid, attempts, err: message }, 'redirect failed: the AI keeps the call');
    registry.publish(callId, 'redirect', { url, ok: false, error: message, attempts });
    registry.publish(callId, 'error', { code, message });
    if (!registry.get(callSid)) return;
    this.sessions.cancelHandoff(callSid, config.redirectFailedMessage);
    this.reopen(callId);
    registry.publish(callId, 'call.phase', {
      phase: 'streaming',
      detail: 'hand-off failed: the AI keeps the call',
    });
  }
}
