// What /healthz tells the world: whether calls are answered and logged, and the version. Public, so
// nothing an outsider could count (no calls, no agents, no URLs).
import type { StoreClient } from '../store/client';
import { VERSION } from './version';

export interface Health {
  readonly ok: boolean;
  readonly detail: Record<string, unknown>;
}

export function healthOf(serving: () => boolean, store: Pick<StoreClient, 'status'>): () => Health {
  return () => {
    const storeOk = store.status().ok;
    return { ok: serving() && storeOk, detail: { store: storeOk ? 'ok' : 'error', version: VERSION } };
  };
}
