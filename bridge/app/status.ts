// status.get: what every console shows in its top bar — version, where calls are answered, the AI,
// the call log's health, and (for a teammate's window) who it is and whose laptop it joined.
import type { RealtimeProvider } from '../ai/provider';
import { webhooksUnsigned } from '../sautikit/signing-keys';
import type { StoreClient } from '../store/client';
import type { TeamFeatures } from '../team/team-features';
import type { Handlers } from '../console/rpc';

export interface StatusDeps {
  readonly version: string;
  readonly publicUrl: () => string;
  readonly provider: () => RealtimeProvider | null;
  readonly store: StoreClient;
  readonly team: TeamFeatures;
  readonly identity: { readonly agentId?: string };
}

export function statusHandler(deps: StatusDeps): Pick<Handlers, 'status.get'> {
  return {
    'status.get': () => ({
      version: deps.version,
      publicUrl: deps.publicUrl(),
      provider: deps.provider()?.name ?? 'none',
      storeOk: deps.store.status().ok,
      storeError: deps.store.status().error,
      webhookUnsigned: webhooksUnsigned(deps.team.signingKeys()),
      agentId: deps.identity.agentId,
      hostName: deps.identity.agentId ? deps.team.team.hostName : undefined,
    }),
  };
}
