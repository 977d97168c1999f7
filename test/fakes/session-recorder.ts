// Records everything a RealtimeSession emits, for provider tests: counts, final transcript lines, and
// waits on an event with a generous deadline (sockets and timers are real).
import { SESSION_EVENTS, type RealtimeSession, type RealtimeSessionEvents } from '../../bridge/ai/provider';

type Name = (typeof SESSION_EVENTS)[number];
const NAMES: readonly Name[] = SESSION_EVENTS;

export interface Recorded<K extends Name = Name> {
  readonly name: K;
  readonly payload: RealtimeSessionEvents[K];
  readonly atMs: number;
}

export class SessionRecorder {
  readonly events: Recorded[] = [];
  audioSamples = 0;

  constructor(readonly session: RealtimeSession) {
    for (const name of NAMES) {
      session.events.on(name, (payload) => {
        if (name === 'audio') this.audioSamples += (payload as Int16Array).length;
        this.events.push({ name, payload, atMs: performance.now() } as Recorded);
      });
    }
  }

  all<K extends Name>(name: K): RealtimeSessionEvents[K][] {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as RealtimeSessionEvents[K]);
  }

  count(name: Name): number {
    return this.events.filter((e) => e.name === name).length;
  }

  /** Final transcript lines of one speaker. */
  lines(speaker: 'caller' | 'agent'): string[] {
    return this.all(`${speaker}.transcript`)
      .filter((t) => t.final)
      .map((t) => t.text);
  }

  /** Audio received so far, ms at `rateHz`. */
  audioMs(rateHz: number): number {
    return (this.audioSamples * 1000) / rateHz;
  }

  /** Resolves with the first event `name` after index `from` that passes `test`. */
  async waitFor<K extends Name>(
    name: K,
    test: (payload: RealtimeSessionEvents[K]) => boolean = () => true,
    timeoutMs = 10_000,
    from = 0,
  ): Promise<RealtimeSessionEvents[K]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events
        .slice(from)
        .find((e) => e.name === name && test(e.payload as RealtimeSessionEvents[K]));
      if (hit) return hit.payload as RealtimeSessionEvents[K];
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${name}; saw ${this.summary()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Event names so far, for failure messages. */
  summary(): string {
    const counts = new Map<string, number>();
    for (const e of this.events) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
    return [...counts].map(([n, c]) => `${n}×${c}`).join(', ') || 'nothing';
  }
}
