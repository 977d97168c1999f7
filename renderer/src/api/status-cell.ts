// A carrier's connection status with listeners; shared by both carriers so they report alike.
import type { CarrierStatus } from './carrier';

export class StatusCell {
  private current: CarrierStatus;
  private readonly listeners = new Set<(status: CarrierStatus) => void>();

  constructor(initial: CarrierStatus) {
    this.current = initial;
  }

  get value(): CarrierStatus {
    return this.current;
  }

  set(next: CarrierStatus): void {
    if (next === this.current) return;
    this.current = next;
    for (const fn of [...this.listeners]) fn(next);
  }

  subscribe(listener: (status: CarrierStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
