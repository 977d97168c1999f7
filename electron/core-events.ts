// Main's own view of the console events (for the tray count and notifications): an in-memory console
// attached to the core like any window, so main learns exactly what the windows learn and nothing else.
import { createPipePair, type EventName, type Events, type WireMessage, type Pipe } from '../bridge/desktop';

export type ShellEventHandlers = { readonly [E in EventName]?: (data: Events[E]) => void };

export interface ConsoleHost {
  attachConsole(pipe: Pipe, identity: { agentId?: string }): () => void;
}

/**
 * Subscribes to the console events; asks for the queue at the start and whenever the console behind
 * changes (desktop-consoles.ts: this computer's core or a team host's) so the tray starts right.
 */
export function watchConsoleEvents(core: ConsoleHost, handlers: ShellEventHandlers): () => void {
  const [coreEnd, shellEnd] = createPipePair();
  const detach = core.attachConsole(coreEnd, {});
  const QUEUE_REQUEST_ID = 1;
  const askQueue = () =>
    shellEnd.send({ type: 'cmd', id: QUEUE_REQUEST_ID, name: 'queue.get', args: {} } satisfies WireMessage);
  shellEnd.onMessage((raw) => {
    const message = raw as WireMessage;
    if (message.type === 'evt') {
      if (message.name === 'link.changed') {
        const state = (message.data as Events['link.changed']).state;
        if (state === 'local' || state === 'online') askQueue();
      }
      const handler = handlers[message.name as EventName] as ((data: unknown) => void) | undefined;
      handler?.(message.data);
    } else if (message.type === 'res' && message.id === QUEUE_REQUEST_ID && message.result.ok) {
      handlers['queue.changed']?.(message.result.value as Events['queue.changed']);
    }
  });
  askQueue();
  return () => {
    detach();
    shellEnd.close();
  };
}
