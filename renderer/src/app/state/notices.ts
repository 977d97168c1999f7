// Short notices at the edge of the window ("The AI got your hint", errors in plain words) that go
// away by themselves; errors stay a little longer.
import { ExternalStore } from '../../shared/state/external-store';

export interface Notice {
  readonly id: number;
  readonly message: string;
  readonly tone: 'info' | 'error';
}

export interface NoticeTimers {
  set(fn: () => void, ms: number): unknown;
}

const INFO_MS = 4000;
const ERROR_MS = 9000;
const MAX_NOTICES = 4;

export class NoticeStore extends ExternalStore<readonly Notice[]> {
  private nextId = 1;

  constructor(private readonly timers: NoticeTimers) {
    super([]);
  }

  add(message: string, tone: Notice['tone']): void {
    const notice = { id: this.nextId++, message, tone };
    this.update((list) => [...list, notice].slice(-MAX_NOTICES));
    this.timers.set(() => this.dismiss(notice.id), tone === 'error' ? ERROR_MS : INFO_MS);
  }

  dismiss(id: number): void {
    this.update((list) => (list.some((n) => n.id === id) ? list.filter((n) => n.id !== id) : list));
  }
}
