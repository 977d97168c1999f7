// The benchmark's handle on the simulated carrier process (carrier-process.ts): typed calls over the
// IPC channel, and the offset between that process's clock and ours (so a frame's arrival there can be
// compared with the moment the model spoke here).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CarrierCommands, CarrierOp, CarrierResponse } from './carrier-commands';

const ENTRY = fileURLToPath(new URL('./carrier-process.ts', import.meta.url));
const PINGS = 20;

export class RemoteCarrier {
  /** Our performance clock = the carrier's + offsetMs. */
  offsetMs = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: CarrierResponse) => void>();
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (r: CarrierResponse) => this.waiting.get(r.id)?.(r));
    child.on('exit', (code) => {
      this.exited = true;
      for (const done of this.waiting.values()) done({ id: 0, ok: false, error: `carrier exited (${code})` });
      this.waiting.clear();
    });
  }

  static async start(): Promise<RemoteCarrier> {
    const child = fork(ENTRY, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const carrier = new RemoteCarrier(child);
    await carrier.measureOffset();
    return carrier;
  }

  call<K extends CarrierOp>(
    op: K,
    args: Parameters<CarrierCommands[K]>[0],
  ): Promise<Awaited<ReturnType<CarrierCommands[K]>>> {
    if (this.exited) return Promise.reject(new Error('carrier process is gone'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (r) => {
        this.waiting.delete(id);
        if (r.ok) resolve(r.value as Awaited<ReturnType<CarrierCommands[K]>>);
        else reject(new Error(`carrier ${op}: ${r.error}`));
      });
      this.child.send({ id, op, args });
    });
  }

  /** A carrier-clock instant on our clock. */
  toLocalMs(carrierMs: number): number {
    return carrierMs + this.offsetMs;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    await this.call('hangUp', {}).catch(() => undefined);
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    await gone;
  }

  /** NTP-style: the ping with the shortest round trip puts the carrier's reading at its midpoint. */
  private async measureOffset(): Promise<void> {
    let best = Infinity;
    for (let i = 0; i < PINGS; i++) {
      const sentMs = performance.now();
      const { nowMs } = await this.call('ping', {});
      const backMs = performance.now();
      if (backMs - sentMs < best) {
        best = backMs - sentMs;
        this.offsetMs = (sentMs + backMs) / 2 - nowMs;
      }
    }
  }
}
