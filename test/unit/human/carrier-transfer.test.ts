import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../bridge/base/clock';
import { CarrierTransfer, type TransferMode } from '../../../bridge/human/carrier-transfer';
import { createSilentLog } from '../../../bridge/base/log';
import { SautikitApiError, type SautikitClient } from '../../../bridge/sautikit/client';
import { asCarrierCallSid } from '../../../bridge/domain/ids';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function rig(mode: TransferMode, dir?: string, apiKey = 'sk_1') {
  const dataDir = dir ?? mkdtempSync(path.join(os.tmpdir(), 'sauti-ct-'));
  if (!dir) dirs.push(dataDir);
  const t = new CarrierTransfer({
    dataDir,
    clock: new FakeClock(),
    log: createSilentLog(),
    mode: () => mode,
    account: () => ({ apiBase: 'https://api.sautikit.com', apiKey }),
  });
  return { t, dataDir };
}

const client = (redirect: () => Promise<{ attempts: number }>) => ({ redirect }) as unknown as SautikitClient;
const refused = (status: number) => () =>
  Promise.reject(
    new SautikitApiError('SAUTIKIT_REDIRECT_FAILED', 'no', { status, attempts: 1, retryable: false }),
  );

describe('CarrierTransfer', () => {
  it('is tried only as the setting says: never, once proven, or while untested too', () => {
    expect(rig('off').t.shouldTry()).toBe(false);
    expect(rig('when-proven').t.shouldTry()).toBe(false);
    expect(rig('try').t.shouldTry()).toBe(true);
  });

  it('remembers a 404/405/501 per account and never tries again, even after a restart', async () => {
    for (const status of [404, 405, 501]) {
      const { t, dataDir } = rig('try');
      expect(
        await t.attempt(client(refused(status)), asCarrierCallSid('CA1'), 'https://x/handoff', 'k', () =>
          Promise.resolve(true),
        ),
      ).toBe('refused');
      expect(t.support().redirect).toBe('absent');
      expect(t.shouldTry()).toBe(false);
      expect(rig('try', dataDir).t.shouldTry()).toBe(false);
      // Another key is another account: still untested there.
      expect(rig('try', dataDir, 'sk_other').t.shouldTry()).toBe(true);
    }
  });

  it('a redirect that is accepted but moves nothing counts as no effect; one that moves the call, as working', async () => {
    const a = rig('try');
    expect(
      await a.t.attempt(
        client(() => Promise.resolve({ attempts: 1 })),
        asCarrierCallSid('CA1'),
        'u',
        'k',
        () => Promise.resolve(false),
      ),
    ).toBe('no-effect');
    expect(a.t.shouldTry()).toBe(false);
    const b = rig('when-proven');
    expect(
      await b.t.attempt(
        client(() => Promise.resolve({ attempts: 1 })),
        asCarrierCallSid('CA1'),
        'u',
        'k',
        () => Promise.resolve(true),
      ),
    ).toBe('moved');
    expect(b.t.support().redirect).toBe('works');
    expect(b.t.shouldTry()).toBe(true);
  });

  it('a passing failure (a 500, the network) is not taken as "does not exist"', async () => {
    const { t } = rig('try');
    expect(
      await t.attempt(client(refused(500)), asCarrierCallSid('CA1'), 'u', 'k', () => Promise.resolve(true)),
    ).toBe('failed');
    expect(t.support().redirect).toBe('untested');
  });
});
