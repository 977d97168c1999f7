// One store thread as the client holds it: started from the resolved worker script, calls numbered
// and answered by id, logs relayed to the core's logger, a close that waits for the thread's last word.
import type { Worker } from 'node:worker_threads';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import type { FromWorker, StoreRole, ToWorker, WireError, WorkerInit } from './protocol';
import { startStoreWorker, type StoreWorkerScript } from './worker-script';

const CLOSE_TIMEOUT_MS = 10_000;

const fromWire = (e: WireError) =>
  new SautiError(e.code as 'STORE_FAILED', e.message, { retryable: e.retryable });

export interface StoreThreadHooks {
  /** Everything but call results and logs: ready, committed, status. */
  readonly onMessage: (message: FromWorker) => void;
  /** The thread stopped without being closed (a crash). */
  readonly onExit: (code: number) => void;
}

export class StoreThread {
  private readonly worker: Worker;
  private readonly calls = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: SautiError) => void }
  >();
  private nextCallId = 1;
  private closing = false;

  constructor(
    readonly role: StoreRole,
    script: StoreWorkerScript,
    init: WorkerInit,
    log: Log,
    hooks: StoreThreadHooks,
  ) {
    this.worker = startStoreWorker(script, init);
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'result') {
        const pending = this.calls.get(m.id);
        this.calls.delete(m.id);
        if (m.ok) pending?.resolve(m.value);
        else pending?.reject(fromWire(m.error));
        return;
      }
      if (m.type === 'log') {
        log[m.level]({ ...m.fields, thread: role }, m.msg);
        return;
      }
      hooks.onMessage(m);
    });
    this.worker.on('error', (err) => log.error({ thread: role, err: err.message }, 'store thread failed'));
    this.worker.on('exit', (code) => {
      for (const pending of this.calls.values()) {
        pending.reject(
          new SautiError('STORE_UNAVAILABLE', 'The call log thread stopped', { retryable: true }),
        );
      }
      this.calls.clear();
      if (!this.closing) hooks.onExit(code);
    });
  }

  get isClosing(): boolean {
    return this.closing;
  }

  post(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  call(name: string, args: unknown): Promise<unknown> {
    const id = this.nextCallId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post({ type: 'call', id, name, args });
    });
  }

  /** Asks the thread to finish (the writer commits what it can), then ends it; null if it had to be cut off. */
  close(): Promise<{ committedSeq: number; unwritten: number } | null> {
    this.closing = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        void this.worker.terminate();
        resolve(null);
      }, CLOSE_TIMEOUT_MS);
      this.worker.on('message', (m: FromWorker) => {
        if (m.type !== 'closed') return;
        clearTimeout(timer);
        resolve({ committedSeq: m.committedSeq, unwritten: m.unwritten });
        void this.worker.terminate();
      });
      this.worker.on('exit', () => {
        clearTimeout(timer);
        resolve(null);
      });
      this.post({ type: 'close' });
    });
  }
}
