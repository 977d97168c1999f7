// Main's own view of the console events (for the tray count and notifications): an in-memory console
// attached to the core like any window, so main learns exactly what the windows learn and nothing else.
import { createPipePair } from '../bridge/api/pipe';
import type { EventName, Events, WireMessage } from '../bridge/api/contract';
import type { Pipe } from '../bridge/api/pipe';

export type ShellEventHandlers = { readonly [E in EventName]?: (data: Events[E]) => void };

export interface ConsoleHost {
  attachConsole(pipe: Pipe, identity: { agentId?: string }): () => void;
}

/** Subscribes to the core's console events; asks once for the queue so the tray starts right. */
export function watchConsoleEvents(core: ConsoleHost, handlers: ShellEventHandlers): () => void {
  const [coreEnd, shellEnd] = createPipePair();
  const detach = core.attachConsole(coreEnd, {});
  const QUEUE_REQUEST_ID = 1;
  shellEnd.onMessage((raw) => {
    const message = raw as WireMessage;
    if (message.type === 'evt') {
      const handler = handlers[message.name as EventName] as ((data: unknown) => void) | undefined;
      handler?.(message.data);
    } else if (message.type === 'res' && message.id === QUEUE_REQUEST_ID && message.result.ok) {
      handlers['queue.changed']?.(message.result.value as Events['queue.changed']);
    }
  });
  shellEnd.send({ type: 'cmd', id: QUEUE_REQUEST_ID, name: 'queue.get', args: {} } satisfies WireMessage);
  return () => {
    detach();
    shellEnd.close();
  };
}
