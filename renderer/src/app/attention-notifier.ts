// Desktop notifications for calls that need attention (a new call, an escalation) when the window is
// not in front. Uses the Notification API, which Electron also shows as a system notification.
import type { LiveCall } from '../api/contract';
import { reasonLabel } from '../shared/calls/call-status';
import { formatNumber } from '../shared/format/format';
import type { AttentionKind } from '../shared/calls/live-calls';

export interface ShownNotification {
  onClick(listener: () => void): void;
  close(): void;
}

export interface NotificationApi {
  readonly permission: 'default' | 'granted' | 'denied';
  requestPermission(): Promise<'default' | 'granted' | 'denied'>;
  show(title: string, options: { body: string; tag: string }): ShownNotification;
}

export interface AttentionNotifierDeps {
  readonly api: NotificationApi | null;
  readonly windowInFront: () => boolean;
  readonly open: (callId: string) => void;
}

export function attentionMessage(kind: AttentionKind, call: LiveCall): { title: string; body: string } {
  const who = call.callerName ? `${call.callerName} (${formatNumber(call.from)})` : formatNumber(call.from);
  if (kind === 'new') return { title: 'New call', body: `${who} — the AI is answering` };
  return {
    title: 'A caller needs a person',
    body: `${who} — ${reasonLabel(call.escalationReason) ?? 'escalated'}`,
  };
}

/** Shows a notification when it should; returns whether it did. */
export function notifyAttention(deps: AttentionNotifierDeps, kind: AttentionKind, call: LiveCall): boolean {
  const api = deps.api;
  if (!api || api.permission !== 'granted' || deps.windowInFront()) return false;
  const { title, body } = attentionMessage(kind, call);
  const n = api.show(title, { body, tag: `${call.callId}:${kind}` });
  n.onClick(() => {
    deps.open(call.callId);
    n.close();
  });
  return true;
}
