// Sautikit's call lifecycle events and step-completion bodies, read at the edge. The documented
// envelope (sautikit.com/developers/webhooks/call-completed) is {kind, event_id, occurred_at,
// data:{call_id, direction, from, to, status, duration_seconds, answered_at, ended_at, hangup_cause}};
// call.failed carries data.failure_reason. The SDK adds pbx_call_id and clientRequestId (echoed from
// POST /v1/calls). Lifecycle events are "routed per-number via voice_callback_url / events_url", so one
// may arrive on the voice URL too: `callEventKind` recognises it there.

export type DialResult = 'no-answer' | 'busy' | 'failed' | 'refused';

export interface CarrierCallEvent {
  readonly kind: string;
  readonly callId?: string;
  readonly pbxCallId?: string;
  readonly direction?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: string;
  readonly durationS?: number;
  readonly failureReason?: string;
  readonly clientRequestId?: string;
}

function str(body: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = body[k];
    if (typeof v === 'string' && v.length > 0 && v.length <= 5000) return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

export function parseCarrierCallEvent(kind: string, data: Record<string, unknown>): CarrierCallEvent {
  const duration = Number(str(data, 'duration_seconds', 'DurationSeconds', 'CallDuration', 'duration'));
  return {
    kind,
    callId: str(data, 'call_id', 'call_sid', 'CallId', 'CallSid'),
    pbxCallId: str(data, 'pbx_call_id', 'session_id'),
    direction: str(data, 'direction', 'Direction')?.toLowerCase(),
    from: str(data, 'from', 'From'),
    to: str(data, 'to', 'To'),
    status: str(data, 'status', 'CallStatus', 'call_status')?.toLowerCase(),
    durationS: Number.isFinite(duration) && duration >= 0 ? duration : undefined,
    failureReason: str(data, 'failure_reason', 'failure_code', 'hangup_cause', 'FailureReason'),
    clientRequestId: str(data, 'clientRequestId', 'client_request_id'),
  };
}

/** The event kind when a POST body is a call lifecycle event rather than a call-state step. */
export function callEventKind(body: Record<string, unknown>): string | undefined {
  const kind = str(body, 'kind', 'event_kind', 'type');
  return kind?.startsWith('call.') ? kind : undefined;
}

/** Refusals by destination authorisation (not a silent no-answer: shown on the agent). */
export function looksRefused(reason: string | undefined): boolean {
  return !!reason && /(auth|allow|permit|forbid|refus|reject|denied|not_allowed|destination)/i.test(reason);
}

/** What a failed leg's status or reason means for the hunt. */
export function dialResultOf(status: string | undefined, reason?: string): DialResult | undefined {
  if (looksRefused(reason) || looksRefused(status)) return 'refused';
  const s = `${status ?? ''} ${reason ?? ''}`.toLowerCase();
  if (/busy/.test(s)) return 'busy';
  if (/no[-_ ]?answer|timeout|canceled|cancelled/.test(s)) return 'no-answer';
  if (/fail|error|congestion|unavailable/.test(s)) return 'failed';
  return undefined;
}

/** A step-completion body's Dial outcome, when the carrier gives one (undocumented: read leniently). */
export function dialResultFromStep(body: Record<string, unknown>): DialResult | undefined {
  return dialResultOf(str(body, 'DialCallStatus', 'dial_status', 'DialStatus', 'dial_call_status'));
}
