import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import {
  NumberRoutingService,
  type AnsweredNumber,
  type RoutingRecordFile,
} from '../../../bridge/sautikit/number-routing';
import type { NumberRouting, NumbersClient } from '../../../bridge/sautikit/numbers';
import type { SecretStore } from '../../../bridge/base/secret-store';

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
  let signingChanges = 0;
  const deps = {
    client: () => client,
    secrets,
    record,
    clock: new FakeClock(),
    log: createSilentLog(),
    publicUrl: () => 'https://here.example',
    signingChanged: () => void signingChanges++,
  };
  const service = new NumberRoutingService(deps);
  return { service, io, deps, changes: () => signingChanges, stored: () => stored };
}

const secretsOf = (service: NumberRoutingService) =>
  service.signingKeys().map((k) => ({ secret: k.secret, enforced: k.enforced }));

describe('NumberRoutingService.signingKeys', () => {
  it('reads the record and the secrets once, not on every webhook, and follows its own changes', async () => {
    const { service, io } = setup();
    expect(service.signingKeys()).toEqual([]);
    await service.answerHere('n1', true);
    const [key] = service.signingKeys();
    expect(key!.secret).toMatch(/^whsec_/);
    const reads = { ...io };
    for (let i = 0; i < 50; i++)
      expect(secretsOf(service)).toEqual([{ secret: key!.secret, enforced: false }]);
    expect(io).toEqual(reads);

    await service.stopAnswering('n1');
    expect(service.signingKeys()).toEqual([]);
  });

  it('enforces a generated secret once a webhook verified with it, across restarts, and says so', async () => {
    const { service, deps, changes, stored } = setup();
    await service.answerHere('n1', true);
    const [key] = service.signingKeys();
    expect(key!.enforced).toBe(false);
    key!.verified!();
    key!.verified!();
    expect(secretsOf(service)).toEqual([{ secret: key!.secret, enforced: true }]);
    expect(changes()).toBe(1);
    expect(stored().answered[0]).toMatchObject({
      form: 'put-routing',
      secretVerifiedAtMs: expect.any(Number),
    });
    // A new start reads the same record: still enforced.
    expect(secretsOf(new NumberRoutingService(deps))).toEqual([{ secret: key!.secret, enforced: true }]);
    await service.stopAnswering('n1');
    expect(changes()).toBe(2);
  });

  it('keeps a verification that arrived while the routing change was under way', async () => {
    const { service, deps } = setup();
    const client = deps.client();
    const setRouting = client.setRouting.bind(client);
    client.setRouting = async (...args: Parameters<NumbersClient['setRouting']>) => {
      const pending = service.signingKeys().find((k) => k.secret === args[1].signingSecret);
      pending!.verified!();
      return setRouting(...args);
    };
    await service.answerHere('n1', true);
    expect(service.signingKeys()[0]!.enforced).toBe(true);
  });
});
