import { describe, expect, it } from 'vitest';
import {
  attentionMessage,
  notifyAttention,
  type NotificationApi,
} from '../../../../renderer/src/app/attention-notifier';
import { liveCall } from '../fake-console';

function api(permission: NotificationApi['permission']) {
  const shown: { title: string; body: string; tag: string; click?: () => void; closed: boolean }[] = [];
  const a: NotificationApi = {
    permission,
    requestPermission: () => Promise.resolve(permission),
    show: (title, options) => {
      const n = { title, ...options, closed: false, click: undefined as (() => void) | undefined };
      shown.push(n);
      return { onClick: (l) => (n.click = l), close: () => (n.closed = true) };
    },
  };
  return { a, shown };
}

describe('desktop notifications', () => {
  it('notifies an escalation when the window is in the background, and opens the call on click', () => {
    const { a, shown } = api('granted');
    const opened: string[] = [];
    const call = liveCall({ callId: 'A', phase: 'handing-off', escalationReason: 'caller-asked' });
    expect(
      notifyAttention(
        { api: a, windowInFront: () => false, open: (id) => opened.push(id) },
        'escalation',
        call,
      ),
    ).toBe(true);
    expect(shown[0]).toMatchObject({
      title: 'A caller needs a person',
      body: '+254 712 345 678 — Caller asked for a person',
    });
    shown[0]!.click!();
    expect(opened).toEqual(['A']);
    expect(shown[0]!.closed).toBe(true);
  });

  it('stays quiet when the window is in front, or notifications are not allowed', () => {
    const granted = api('granted');
    expect(
      notifyAttention(
        { api: granted.a, windowInFront: () => true, open: () => undefined },
        'new',
        liveCall(),
      ),
    ).toBe(false);
    const denied = api('denied');
    expect(
      notifyAttention(
        { api: denied.a, windowInFront: () => false, open: () => undefined },
        'new',
        liveCall(),
      ),
    ).toBe(false);
    expect(
      notifyAttention({ api: null, windowInFront: () => false, open: () => undefined }, 'new', liveCall()),
    ).toBe(false);
    expect(granted.shown.length + denied.shown.length).toBe(0);
  });

  it('names the caller when known', () => {
    expect(attentionMessage('new', liveCall({ callerName: 'Amina' })).body).toBe(
      'Amina (+254 712 345 678) — the AI is answering',
    );
  });
});
