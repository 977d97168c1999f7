// Wires console events into the app's stores and reloads the snapshots whenever the connection
// (re)opens — a dropped socket, a team host that restarted, or main switching this window between its
// own core and a host — so the board never stays stale.
import type { Agent, QueueState, StatusView } from '../../api/contract';
import type { TransportStatus } from '../../api/transport';
import type { ConsoleClient } from '../../api/console-client';
import type { ExternalStore } from '../../shared/state/external-store';
import type { LinkStore } from './link';
import type { LiveCallsStore } from '../../shared/calls/live-calls';
import type { MeStore } from './me';
import type { TakeOverStore } from '../../features/live/take-over';

export interface LiveStores {
  readonly connection: ExternalStore<TransportStatus>;
  /** Where the console is (own or a team host's) and since when the board is stale. */
  readonly link: LinkStore;
  readonly calls: LiveCallsStore;
  readonly agents: ExternalStore<readonly Agent[]>;
  readonly queue: ExternalStore<QueueState>;
  readonly status: ExternalStore<StatusView | null>;
  readonly takeOver: TakeOverStore;
  readonly me: MeStore;
}

export function startLiveSync(
  client: ConsoleClient,
  stores: LiveStores,
  onError: (message: string) => void,
): () => void {
  // status.get and status.changed say the same thing: the status, whose agent this console is, its host.
  const applyStatus = (s: StatusView) => {
    stores.status.set(s);
    stores.me.fromStatus(s.agentId);
    stores.link.identity(s);
  };
  const reload = () => {
    client
      .call('calls.list', {})
      .then((calls) => stores.calls.replaceAll(calls), ignoreDrop(onError, 'live calls'));
    client.call('agents.list', {}).then((agents) => stores.agents.set(agents), ignoreDrop(onError, 'agents'));
    client.call('queue.get', {}).then((q) => stores.queue.set(q), ignoreDrop(onError, 'the queue'));
    client.call('status.get', {}).then(applyStatus, ignoreDrop(onError, 'status'));
  };
  const offs = [
    client.onStatus((s) => {
      stores.connection.set(s);
      stores.link.status(s);
      if (s === 'open') reload();
    }),
    client.on('link.changed', (view) => stores.link.link(view)),
    client.on('call.changed', (call) => {
      stores.calls.changed(call);
      stores.takeOver.dispatch({ type: 'call', call });
    }),
    client.on('call.ended', ({ callId, outcome }) => {
      stores.calls.ended(callId, outcome);
      stores.takeOver.dispatch({ type: 'ended', callId, outcome });
    }),
    client.on('levels.changed', (l) => stores.calls.levels(l.callId, l.inboundDbfs, l.outboundDbfs)),
    client.on('timeline.changed', ({ callId, item }) =>
      stores.takeOver.dispatch({ type: 'timeline', callId, item }),
    ),
    client.on('agents.changed', (agents) => stores.agents.set(agents)),
    client.on('queue.changed', (q) => stores.queue.set(q)),
    client.on('status.changed', applyStatus),
  ];
  stores.connection.set(client.status);
  stores.link.status(client.status);
  if (client.status === 'open') reload();
  return () => {
    for (const off of offs) off();
  };
}

/** A load that fails because the socket dropped is retried on reconnect; other failures are reported. */
function ignoreDrop(onError: (message: string) => void, what: string) {
  return (err: unknown) => {
    const code = (err as { code?: string }).code;
    if (code === 'CONSOLE_DISCONNECTED') return;
    onError(`Could not load ${what}: ${(err as Error).message}`);
  };
}
