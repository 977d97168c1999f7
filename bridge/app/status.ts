// status.get: what every console shows in its top bar — version, where calls are answered, the AI,
// the call log's health, and (for a teammate's window) who it is and whose laptop it joined.
import type { CurrentProvider } from '../ai/current-provider';
import type { ConsoleIdentity } from '../console/permissions';
import type { Handlers } from '../console/rpc';
import type { Reachability } from '../reachability/reachability';
import { webhooksUnsigned } from '../sautikit/signing-keys';
import type { StoreClient } from '../store/client';
import type { TeamFeature } from '../team/team-feature';
import { VERSION } from './version';

export interface StatusDeps {
  readonly ai: CurrentProvider;
  readonly store: StoreClient;
  readonly reachability: Reachability;
  readonly team: TeamFeature;
}

export function statusHandler(deps: StatusDeps, identity: ConsoleIdentity): Pick<Handlers, 'status.get'> {
  const { ai, store, reachability, team } = deps;
  return {
    'status.get': () => ({
      version: VERSION,
      publicUrl: reachability.publicUrl.get(),
      provider: ai.name,
      storeOk: store.status().ok,
      storeError: store.status().error,
      webhookUnsigned: webhooksUnsigned(reachability.signingKeys()),
      agentId: identity.agentId,
      hostName: identity.agentId ? team.host.hostName : undefined,
    }),
  };
}
