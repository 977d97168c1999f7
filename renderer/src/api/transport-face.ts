// The face both transports show the console client: the connection's status, the messages and the binary
// frames heard, each with its listeners. A transport keeps only how it sends, receives, reconnects and closes.
import type { Transport, TransportStatus } from './transport';
import { StatusCell } from './status-cell';

export class TransportFace {
  readonly status: StatusCell;
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly binaryListeners = new Set<(frame: ArrayBuffer) => void>();

  constructor(initial: TransportStatus) {
    this.status = new StatusCell(initial);
  }

  /** Hands a message heard on the connection to every listener. */
  deliver(message: unknown): void {
    for (const fn of [...this.listeners]) fn(message);
  }

  /** Hands a binary frame heard on the connection to every binary listener. */
  deliverBinary(frame: ArrayBuffer): void {
    for (const fn of [...this.binaryListeners]) fn(frame);
  }

  /** The Transport over a connection's own send and close (a MessagePort's, a WebSocket's). */
  transport(connection: Pick<Transport, 'send' | 'sendBinary' | 'close'>): Transport {
    const { status, listeners, binaryListeners } = this;
    return {
      send: (message) => connection.send(message),
      sendBinary: (frame) => connection.sendBinary(frame),
      onMessage(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onBinary(listener) {
        binaryListeners.add(listener);
        return () => binaryListeners.delete(listener);
      },
      onStatus: (listener) => status.subscribe(listener),
      get status() {
        return status.value;
      },
      close: () => connection.close(),
    };
  }
}
