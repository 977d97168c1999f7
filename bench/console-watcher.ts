// A console window watching the live board during a load run: attached to the core over an in-memory
// pipe (each message structured-cloned, as a MessagePort does), it receives every broadcast (calls,
// transcripts, levels, timelines) and only counts them, so the run measures the core's side of watching.
import { createPipePair } from '../bridge/console/pipe';
import type { Core } from '../bridge/core';

export class ConsoleWatcher {
  events = 0;
  private readonly detach: () => void;

  constructor(core: Core) {
    const [coreEnd, windowEnd] = createPipePair();
    windowEnd.onMessage(() => {
      this.events++;
    });
    this.detach = core.attachConsole(coreEnd, {});
  }

  close(): void {
    this.detach();
  }
}
