// What every stage of one call's session shares: whose call it is, where its facts are published, the
// clock it runs on and the call's own child logger.
import type { Clock } from '../base/clock';
import type { CallId } from '../domain/ids';
import type { Log } from '../base/log';
import type { CallRegistry } from './registry';

export interface CallContext {
  readonly callId: CallId;
  readonly registry: CallRegistry;
  readonly clock: Clock;
  readonly log: Log;
}
