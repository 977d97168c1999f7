// Sautikit's per-number call lifecycle events, delivered to the app's events URL: the documented
// envelope {kind, event_id, workspace_id, occurred_at, data:{…}}, with the X-Sautikit-Idempotency-Key and
// X-Sautikit-Event headers, signed as the event pages document (a bare hex HMAC of the body) unless told
// otherwise. Deliveries are at-least-once: a test can ask for every event to arrive twice.
import { randomUUID } from 'node:crypto';
import { postWebhook } from './carrier';
import type { SignatureScheme } from './webhook-shape';

export interface SentEvent {
  readonly kind: string;
  readonly eventId: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly status: number;
}

export class EventSender {
  readonly sent: SentEvent[] = [];
  /** Deliver each event twice (at-least-once delivery). */
  duplicate = false;
  /** Stop delivering (a platform that does not emit lifecycle events yet). */
  muted = false;

  constructor(public target: { url: string; secret?: string; signature?: SignatureScheme } | null = null) {}

  async send(kind: string, data: Record<string, unknown>): Promise<void> {
    if (!this.target || this.muted) return;
    const eventId = randomUUID();
    const envelope = {
      kind,
      event_id: eventId,
      workspace_id: 'ws-sim',
      occurred_at: new Date().toISOString(),
      data,
    };
    const times = this.duplicate ? 2 : 1;
    for (let i = 0; i < times; i++) {
      let status: number;
      try {
        const res = await postWebhook(`${this.target.url}/events`, envelope, {
          secret: this.target.secret,
          signature: this.target.signature ?? 'bare-hex',
          format: 'json',
          headers: { 'x-sautikit-idempotency-key': eventId, 'x-sautikit-event': kind },
        });
        status = res.status;
      } catch {
        status = -1;
      }
      this.sent.push({ kind, eventId, data, status });
    }
  }
}
