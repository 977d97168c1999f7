import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/clock';
import { createSilentLog } from '../../../bridge/log';
import {
  NumberRoutingService,
  type AnsweredNumber,
  type RoutingRecordFile,
} from '../../../bridge/sautikit/number-routing';
import type { NumberRouting, NumbersClient } from '../../../bridge/sautikit/numbers';
import type { SecretStore } from '../../../bridge/team/secret-store';

function setup() {
  let stored: { answered: AnsweredNumber[] } = { answered: [] };
  const io = { recordReads: 0, secretReads: 0 };
  const record: RoutingRecordFile = {
    read: () => {
      io.recordReads++;
      return structuredClone(stored);
    },
    write: (value) => {
      stored = structuredClone(value);
    },
  };
  const values = new Map<string, string>();
  const secrets: SecretStore = {
    get: (name) => {
      io.secretReads++;
      return values.get(name);
    },
    set: (name, value) => void values.set(name, value),
    delete: (name) => void values.delete(name),
  };
  const routing = new Map<string, NumberRouting>([['n1', { voiceUrl: 'https://elsewhere.example/voice' }]]);
  const client = {
    list: async () => [{ id: 'n1', number: '+254709000000', status: 'active', routing: routing.get('n1') }],
    setRouting: async (id: string, change: { voiceUrl: string | null; eventsUrl: string | null }) => {
      const next = { voiceUrl: change.voiceUrl ?? undefined, eventsUrl: change.eventsUrl ?? undefined };
      routing.set(id, next);
      return { routing: next, form: 'put-routing' };
    },
  } as unknown as NumbersClient;
  const service = new NumberRoutingService({
    client: () => client,
    secrets,
    record,
    clock: new FakeClock(),
    log: createSilentLog(),
    publicUrl: () => 'https://here.example',
  });
  return { service, io };
}

describe('NumberRoutingService.signingSecrets', () => {
  it('reads the record and the secrets once, not on every webhook, and follows its own changes', async () => {
    const { service, io } = setup();
    expect(service.signingSecrets()).toEqual([]);
    await service.answerHere('n1', true);
    const [secret] = service.signingSecrets();
    expect(secret).toMatch(/^whsec_/);
    const reads = { ...io };
    for (let i = 0; i < 50; i++) expect(service.signingSecrets()).toEqual([secret]);
    expect(io).toEqual(reads);

    await service.stopAnswering('n1');
    expect(service.signingSecrets()).toEqual([]);
  });
});
