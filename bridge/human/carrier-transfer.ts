// The carrier-side redirect as an optional accelerator. Sautikit documents no REST call that moves a
// live call; where an account answers `POST /v1/calls/{id}/redirect` anyway, handing a caller to an
// agent's phone through the carrier's own <Dial> takes this laptop (and its tunnel) out of the media
// path. Whether it works is found out, never assumed: a 404/405/501 (or a 2xx after which the call does
// not move) is remembered per account and never tried again on live calls; "Test my setup" proves it
// on the agent's own phone. The caller stays on our stream (hold music) while it is tried.
import type { CarrierCallSid } from '../domain/ids';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import { writePrivateJson } from '../base/private-json-file';
import { SautikitApiError, type SautikitClient } from '../sautikit/client';

export type TransferSupport = 'untested' | 'works' | 'absent' | 'no-effect';
export type TransferMode = 'off' | 'when-proven' | 'try';
export type TransferOutcome = 'moved' | 'refused' | 'no-effect' | 'failed';

/** After a redirect is accepted, how long the call has to leave our stream before it counts as "no effect". */
export const NO_EFFECT_MS = 5000;
/** Statuses that say "this endpoint does not exist here". */
const ABSENT_STATUSES = new Set([404, 405, 501]);

interface Remembered {
  readonly redirect: TransferSupport;
  readonly checkedAtMs: number;
  readonly detail: string;
}

export interface CarrierTransferDeps {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly log: Log;
  readonly mode: () => TransferMode;
  /** The account the memory is kept for (API base and key): another key is another account. */
  readonly account: () => { readonly apiBase: string; readonly apiKey: string | undefined };
}

export class CarrierTransfer {
  private readonly file: string;
  private memory: Record<string, Remembered>;

  constructor(private readonly deps: CarrierTransferDeps) {
    this.file = path.join(deps.dataDir, 'carrier-capabilities.json');
    this.memory = this.load();
  }

  /** What is known about this account's redirect. */
  support(): Remembered {
    return this.memory[this.accountKey()] ?? { redirect: 'untested', checkedAtMs: 0, detail: 'never tried' };
  }

  /** Whether a live call's hand-off may try the redirect now. */
  shouldTry(): boolean {
    const mode = this.deps.mode();
    const { redirect } = this.support();
    if (mode === 'off') return false;
    if (mode === 'when-proven') return redirect === 'works';
    return redirect === 'works' || redirect === 'untested';
  }

  /**
   * Asks the carrier to move `callSid` to `url`; `moved` resolves true when the call left our stream
   * (the caller's stream closed by the carrier, or the target URL fetched) within NO_EFFECT_MS.
   */
  async attempt(
    client: SautikitClient,
    callSid: CarrierCallSid,
    url: string,
    idempotencyKey: string,
    moved: (withinMs: number) => Promise<boolean>,
  ): Promise<TransferOutcome> {
    try {
      await client.redirect(callSid, url, idempotencyKey);
    } catch (err) {
      const status = err instanceof SautikitApiError ? err.details.status : undefined;
      if (status !== undefined && ABSENT_STATUSES.has(status)) {
        this.remember('absent', `HTTP ${status}: ${(err as Error).message}`);
        return 'refused';
      }
      this.deps.log.warn({ err: String(err) }, 'carrier redirect failed: the bridge carries the hand-off');
      return 'failed';
    }
    if (await moved(NO_EFFECT_MS)) {
      this.remember('works', 'a live call moved');
      return 'moved';
    }
    this.remember('no-effect', `accepted, but the call had not moved after ${NO_EFFECT_MS} ms`);
    return 'no-effect';
  }

  /** Records what a check found (a live call, or Test my setup). */
  remember(redirect: TransferSupport, detail: string): void {
    const key = this.accountKey();
    const before = this.memory[key]?.redirect;
    this.memory = { ...this.memory, [key]: { redirect, checkedAtMs: this.deps.clock.epochMs(), detail } };
    if (before !== redirect) this.deps.log.info({ redirect, detail }, 'carrier redirect support recorded');
    try {
      writePrivateJson(this.file, this.memory, 2);
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'carrier capabilities not saved (kept for this run)');
    }
  }

  private accountKey(): string {
    const { apiBase, apiKey } = this.deps.account();
    return createHash('sha256')
      .update(`${apiBase}\n${apiKey ?? ''}`)
      .digest('hex')
      .slice(0, 16);
  }

  private load(): Record<string, Remembered> {
    try {
      if (!existsSync(this.file)) return {};
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? (parsed as Record<string, Remembered>)
        : {};
    } catch (err) {
      this.deps.log.warn({ err: String(err) }, 'carrier capabilities unreadable: starting afresh');
      return {};
    }
  }
}
