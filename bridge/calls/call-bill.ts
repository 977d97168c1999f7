// After a call (or one of its agent phone legs) ends, Sautikit's record of it (GET /v1/calls/{id}) says
// what the carrier billed: its `cost_minor` replaces our estimate (a `cost` correction: billed −
// estimated, with both figures). The record is final a moment after the end (rated: `duration_seconds` set) and
// Sautikit's call events are "not emitting yet", so the record is read a bounded number of times;
// `call.ended` never waits for any of this. Test calls have no carrier record; without an API key the
// estimate stays, and its detail says so.
import type { Clock, TimerHandle } from '../base/clock';
import { carrierSidOf, type CallId, type CarrierCallSid } from '../domain/ids';
import type { Log } from '../base/log';
import type { CallRecord, SautikitClient } from '../sautikit/client';
import { SautikitApiError } from '../sautikit/client';
import type { CallRegistry } from './registry';
import { isTestCall } from './test-calls';

/** When the record is read after the end (each read itself retries network errors and 5xx). */
export const BILL_READ_DELAYS_MS: readonly number[] = [2_000, 5_000, 15_000, 45_000];
const ENDED_STATUSES = new Set(['completed', 'failed', 'no_answer', 'busy', 'canceled', 'cancelled']);

/** What Sautikit billed for a call (KES cents), once its record is final; undefined before that. */
export function billedKesCents(record: CallRecord): number | undefined {
  const ended = record.endedAt !== undefined || ENDED_STATUSES.has(record.status);
  if (!ended || record.durationS === undefined) return undefined;
  const currency = record.raw.cost_currency;
  if (typeof currency === 'string' && currency.toUpperCase() !== 'KES') return undefined;
  const cost = record.costMinor;
  return cost !== undefined && cost >= 0 ? Math.round(cost) : undefined;
}

/** Which record is billed, and as which cost component: the caller's call, or an agent leg of it. */
export interface BilledRecord {
  /** The carrier's id of the record (the caller's call id when absent). */
  readonly recordId?: CarrierCallSid;
  readonly component: 'carrier-inbound' | 'carrier-outbound';
  /** Whose leg it is, for the timeline ("Wanjiru's leg"). */
  readonly label?: string;
}

const CALLER: BilledRecord = { component: 'carrier-inbound' };

export class CallBill {
  private readonly timers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(
    private readonly deps: {
      readonly registry: CallRegistry;
      readonly clock: Clock;
      readonly log: Log;
      /** Sautikit's REST client; null while no API key is set. */
      readonly client: () => Pick<SautikitClient, 'getCall'> | null;
    },
  ) {}

  /** Why Sautikit's bill will not replace this call's estimate, or null when it will be read. */
  whyNoBill(callId: CallId): string | null {
    if (isTestCall(callId)) return 'a test call has no carrier record';
    if (!this.deps.client()) return 'no Sautikit API key to read the bill';
    return null;
  }

  /**
   * The call (or `what`: one of its agent legs) ended with this estimate: its record is read from a
   * moment later and the bill replaces the estimate.
   */
  expect(callId: CallId, estimatedKesCents: number, what: BilledRecord = CALLER): void {
    if (this.stopped || this.whyNoBill(callId) !== null) return;
    this.schedule(callId, estimatedKesCents, 0, what);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) this.deps.clock.clearTimeout(t);
    this.timers.clear();
  }

  private schedule(callId: CallId, estimatedKesCents: number, attempt: number, what: BilledRecord): void {
    const key = `${callId}:${what.recordId ?? ''}`;
    const delayMs = BILL_READ_DELAYS_MS[attempt];
    if (delayMs === undefined) {
      this.deps.log.warn(
        { code: 'SAUTIKIT_BILL_NOT_FINAL', callSid: callId, reads: attempt },
        "Sautikit's record of the call was not final after every read: the cost stays an estimate",
      );
      return;
    }
    this.timers.set(
      key,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(key);
        void this.read(callId, estimatedKesCents, attempt, what);
      }, delayMs),
    );
  }

  private async read(
    callId: CallId,
    estimatedKesCents: number,
    attempt: number,
    what: BilledRecord,
  ): Promise<void> {
    const { log } = this.deps;
    const client = this.deps.client();
    if (this.stopped || !client) return;
    let record: CallRecord;
    try {
      record = await client.getCall(what.recordId ?? carrierSidOf(callId));
    } catch (err) {
      if (this.stopped) return;
      // A refusal (not found, a bad key) will not change by asking again; a network failure may.
      if (err instanceof SautikitApiError && !err.retryable) {
        log.warn(
          { code: err.code, callSid: callId, problem: err.message },
          "could not read Sautikit's record of the call: the cost stays an estimate",
        );
        return;
      }
      log.debug({ callSid: callId, err: String(err) }, "Sautikit's record not readable now");
      this.schedule(callId, estimatedKesCents, attempt + 1, what);
      return;
    }
    if (this.stopped) return;
    const billed = billedKesCents(record);
    if (billed === undefined) return this.schedule(callId, estimatedKesCents, attempt + 1, what);
    const rate = record.ratePerMinuteMinor;
    this.deps.registry.publish(callId, 'cost', {
      component: what.component,
      kesCents: billed - estimatedKesCents,
      basis: 'billed',
      estimatedKesCents,
      billedKesCents: billed,
      detail:
        `Sautikit's record${what.label ? ` of ${what.label}` : ''}: ${record.durationS ?? 0} s` +
        `${rate !== undefined ? ` at ${rate} cents/min` : ''}, billed ${billed} cents ` +
        `(our estimate was ${estimatedKesCents})`,
    });
  }
}
