// The face both carriers show the console client: the connection's status, the messages and the binary
// frames heard, each with its listeners. A carrier keeps only how it sends, receives, reconnects and closes.
import type { Carrier, CarrierStatus } from './carrier';
import { StatusCell } from './status-cell';

export class CarrierFace {
  readonly status: StatusCell;
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly binaryListeners = new Set<(frame: ArrayBuffer) => void>();

  constructor(initial: CarrierStatus) {
    this.status = new StatusCell(initial);
  }

  /** Hands a message heard on the transport to every listener. */
  deliver(message: unknown): void {
    for (const fn of [...this.listeners]) fn(message);
  }

  /** Hands a binary frame heard on the transport to every binary listener. */
  deliverBinary(frame: ArrayBuffer): void {
    for (const fn of [...this.binaryListeners]) fn(frame);
  }

  /** The Carrier over a transport's own send and close. */
  carrier(transport: Pick<Carrier, 'send' | 'sendBinary' | 'close'>): Carrier {
    const { status, listeners, binaryListeners } = this;
    return {
      send: (message) => transport.send(message),
      sendBinary: (frame) => transport.sendBinary(frame),
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
      close: () => transport.close(),
    };
  }
}
