// Keeps a CallDetailStore current for one call: subscribes to that call's events first, then loads
// the snapshot (events that arrive meanwhile are applied on top, so nothing is lost in between).
import type { ConsoleClient } from '../../api/console-client';
import { toApiError } from '../../api/console-error';
import { CallDetailStore } from './call-detail';

export interface WatchedCall {
  readonly store: CallDetailStore;
  dispose(): void;
}

export function watchCall(client: ConsoleClient, callId: string, knownOutcome?: string): WatchedCall {
  const store = new CallDetailStore(callId);
  const offs = [
    client.on('transcript.changed', (e) => {
      if (e.callId === callId) store.line(e.line);
    }),
    client.on('timeline.changed', (e) => {
      if (e.callId === callId) store.timelineItem(e.item);
    }),
    client.on('call.changed', (c) => {
      if (c.callId === callId) store.changed(c);
    }),
    client.on('levels.changed', (e) => {
      if (e.callId === callId) store.levels(e.inboundDbfs, e.outboundDbfs);
    }),
    client.on('call.ended', (e) => {
      if (e.callId === callId) store.ended(e.outcome);
    }),
  ];
  let disposed = false;
  const load = () => {
    client.call('call.get', { callId }).then(
      (detail) => {
        if (!disposed) store.load(detail);
      },
      (err: unknown) => {
        if (disposed) return;
        const e = toApiError(err);
        if (knownOutcome) store.ended(knownOutcome);
        else store.missing(e.code === 'CALL_NOT_FOUND' ? 'This call has ended.' : e.message);
      },
    );
  };
  if (client.status === 'open') load();
  const offStatus = client.onStatus((s) => {
    if (s === 'open' && store.get().status === 'loading') load();
  });
  return {
    store,
    dispose() {
      disposed = true;
      offStatus();
      for (const off of offs) off();
    },
  };
}
