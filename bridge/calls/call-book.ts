// The live calls and what they cost, before anything acts on them: the registry, the carrier's rates,
// the meter, the reader of Sautikit's bill and the one way a call ends. The human side and the live
// call features are both built on it, so neither has to be built before the other.
import type { Clock } from '../base/clock';
import type { Log } from '../base/log';
import type { Config } from '../config/config';
import type { SautikitClient } from '../sautikit/client';
import { CallBill } from './call-bill';
import { APP_STOPPED_REASON, createEndCall, type EndCall } from './call-end';
import { CarrierRates } from './carrier-rates';
import { CostMeter } from './cost';
import { CallRegistry } from './registry';

export interface CallBookDeps {
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Log;
  /** Sautikit's REST API as configured now; null without an API key. */
  readonly client: () => SautikitClient | null;
}

export class CallBook {
  readonly registry: CallRegistry;
  readonly rates: CarrierRates;
  readonly bill: CallBill;
  readonly cost: CostMeter;
  readonly endCall: EndCall;

  constructor(deps: CallBookDeps) {
    const { config, clock, log, client } = deps;
    this.registry = new CallRegistry(clock);
    this.rates = new CarrierRates({ clock, log, settings: () => config });
    this.bill = new CallBill({ registry: this.registry, clock, log, client });
    this.cost = new CostMeter({
      registry: this.registry,
      settings: () => config,
      rates: this.rates,
      bill: this.bill,
    });
    this.endCall = createEndCall({ registry: this.registry, cost: this.cost, clock });
  }

  start(): void {
    this.cost.start();
    this.rates.start();
  }

  /** A call cut off by the app stopping is recorded as such, not as resolved. */
  stop(): void {
    for (const call of this.registry.list()) this.endCall(call.callSid, 'failed', APP_STOPPED_REASON);
    this.cost.stop();
    this.bill.stop();
    this.rates.stop();
  }
}
