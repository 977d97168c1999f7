// A session's event emitter with our own listeners fenced off from the provider: a listener that throws
// (a bug anywhere down the call's pipeline) is handed to `onThrow` instead of escaping into the SDK
// callback, socket handler, timer or promise that raised the event, where it would end the process.
import { Emitter } from '../base/emitter';

export class GuardedEmitter<Events extends Record<string, unknown>> extends Emitter<Events> {
  constructor(private readonly onThrow: (error: unknown, event: keyof Events & string) => void) {
    super();
  }

  override emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    try {
      super.emit(name, payload);
    } catch (error) {
      this.onThrow(error, String(name) as keyof Events & string);
    }
  }
}
