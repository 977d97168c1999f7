// A session's events raised before its consumer could listen: the SDKs hand over early messages while
// `connect` is still resolving. They are held, and released after `ready` once listeners are attached.
import type { Emitter } from '../base/emitter';
import type { RealtimeSessionEvents } from './provider';

export class HeldEvents {
  private held: (() => void)[] | null = [];

  constructor(private readonly events: Emitter<RealtimeSessionEvents>) {}

  emit<K extends keyof RealtimeSessionEvents>(name: K, payload: RealtimeSessionEvents[K]): void {
    if (this.held) this.held.push(() => this.events.emit(name, payload));
    else this.events.emit(name, payload);
  }

  /**
   * Call as `connect` resolves: the consumer attaches its listeners in that promise's continuation, so
   * `ready` and the held events go out on the next turn of the event loop (unless closed by then).
   */
  releaseAfterConnect(isClosed: () => boolean): void {
    setImmediate(() => {
      const held = this.held ?? [];
      this.held = null;
      if (isClosed()) return;
      this.events.emit('ready', { resumed: false });
      for (const emit of held) emit();
    });
  }
}
