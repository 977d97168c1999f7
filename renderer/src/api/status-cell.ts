// A transport's connection status with listeners; shared by both transports so they report alike.
import type { TransportStatus } from './transport';

export class StatusCell {
  private current: TransportStatus;
  private readonly listeners = new Set<(status: TransportStatus) => void>();

  constructor(initial: TransportStatus) {
    this.current = initial;
  }

  get value(): TransportStatus {
    return this.current;
  }

  set(next: TransportStatus): void {
    if (next === this.current) return;
    this.current = next;
    for (const fn of [...this.listeners]) fn(next);
  }

  subscribe(listener: (status: TransportStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
