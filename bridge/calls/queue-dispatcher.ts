// Connects waiting callers to agents as they free up, oldest caller first: an outbound call
// (POST /v1/calls) to the agent whose call-level answer URL (/agent-leg) returns the caller's room with
// startOnEnter true. A caller who waited past QUEUE_MAX_WAIT_S, or for whom nobody is left to try,
// is moved to voicemail with the redirect API (a Conference has no timeout of its own).
import { SautikitApiError } from '../sautikit/client';
import type { Hunt, HuntBook, OverflowContext } from './hunt';
import type { AgentView } from './routing';

export class QueueDispatcher {
  private kicking = false;
  private again = false;

  constructor(
    private readonly ctx: OverflowContext,
    private readonly book: HuntBook,
  ) {}

  /** Looks for work: called when an agent frees up, a ring fails or a caller joins the queue. */
  kick(): void {
    if (this.kicking) {
      this.again = true;
      return;
    }
    this.kicking = true;
    try {
      do {
        this.again = false;
        this.dispatch();
      } while (this.again);
    } finally {
      this.kicking = false;
    }
  }

  /** The caller waited too long (or nobody is left): send them to voicemail. */
  toVoicemail(hunt: Hunt): void {
    hunt.queueTimedOut = true;
    if (hunt.ring || hunt.connection || hunt.endedAtMs) return; // a ring in progress decides first
    const { client, urls, log, registry } = this.ctx;
    if (!client) {
      log.error(
        { code: 'SAUTIKIT_NO_API_KEY', callSid: hunt.callSid },
        'caller waited too long but cannot be moved without an API key',
      );
      registry.publish(hunt.callId, 'error', {
        code: 'SAUTIKIT_NO_API_KEY',
        message: 'The caller waited too long but cannot be moved to voicemail: no Sautikit API key is set',
      });
      return;
    }
    client.redirect(hunt.callSid, urls.url('/dial-status', hunt.callSid), `voicemail-${hunt.callSid}`).then(
      () => log.info({ callSid: hunt.callSid }, 'queued caller moved to voicemail'),
      (err: unknown) => {
        const e = err as SautikitApiError;
        log.error(
          { code: e.code, callSid: hunt.callSid, err: e.message },
          'could not move a queued caller to voicemail',
        );
        registry.publish(hunt.callId, 'error', {
          code: e.code ?? 'SAUTIKIT_REDIRECT_FAILED',
          message: e.message,
        });
      },
    );
  }

  private dispatch(): void {
    const { queue, roster, client } = this.ctx;
    for (const callSid of queue.callSids()) {
      const hunt = this.book.get(callSid);
      if (!hunt || hunt.ring || hunt.connection || hunt.endedAtMs) continue;
      if (hunt.queueTimedOut) {
        this.toVoicemail(hunt);
        continue;
      }
      if (!roster.anyoneOnDuty(hunt.tried)) {
        this.toVoicemail(hunt);
        continue;
      }
      if (!client) continue;
      const agent = roster.nextAvailable(hunt.tried);
      if (agent) this.callAgent(hunt, agent);
    }
  }

  private callAgent(hunt: Hunt, agent: AgentView): void {
    const { registry, client, urls, log } = this.ctx;
    const live = registry.get(hunt.callSid);
    if (!live || !client) return;
    hunt.legSeq += 1;
    const clientRequestId = `sauti-leg-${hunt.callSid.replace(/[^\w-]/g, '').slice(-40)}-${hunt.legSeq}`;
    const ring = this.book.startRing(hunt, agent, 'queue-leg', clientRequestId);
    client
      .placeCall({
        from: live.to,
        to: agent.number,
        voiceCallbackUrl: urls.url('/agent-leg', hunt.callSid, agent.id),
        clientRequestId,
        idempotencyKey: clientRequestId,
      })
      .then(
        (placed) => {
          for (const id of [placed.callId, placed.sessionId]) if (id) ring.legCallIds.add(id);
          if (hunt.ring !== ring && hunt.connection?.agentId !== agent.id && placed.callId) {
            // The caller left (or the ring was given up) while the call was being placed.
            client.hangUp(placed.callId).catch(() => undefined);
          }
        },
        (err: unknown) => {
          if (hunt.ring !== ring) return;
          const e = err instanceof SautikitApiError ? err : undefined;
          const refused =
            e?.details.status !== undefined && e.details.status >= 400 && e.details.status < 500;
          log.warn(
            { code: e?.code, agentId: agent.id, err: String(err) },
            'could not call an agent for a queued caller',
          );
          registry.publish(hunt.callId, 'error', {
            code: e?.code ?? 'SAUTIKIT_PLACE_CALL_FAILED',
            message: e?.message ?? String(err),
          });
          this.book.ringFailed(hunt, refused ? 'refused' : 'failed', e?.details.carrierCode ?? e?.message);
        },
      );
  }
}
