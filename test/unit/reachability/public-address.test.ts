// Which URLs Sautikit can reach: public https only. Loopback, LAN, link-local, carrier-grade NAT and
// plain http fail with a reason in plain words; host names are looked up (here with a stand-in DNS).
import { describe, expect, it } from 'vitest';
import {
  checkPublicUrl,
  whyAddressIsNotPublic,
  type LookupAll,
} from '../../../bridge/reachability/public-address';

const dns =
  (answers: Record<string, string[]>): LookupAll =>
  async (hostname) => {
    const found = answers[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
const noDns: LookupAll = async () => {
  throw new Error('no DNS lookup expected');
};

describe('whether Sautikit can reach a URL', () => {
  it('fails plain http, saying Sautikit only calls https', async () => {
    const v = await checkPublicUrl('http://calls.example.co.ke', noDns);
    expect(v).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/plain http: Sautikit only calls https/),
    });
  });

  it.each([
    ['https://127.0.0.1:8080', /this computer itself/],
    ['https://[::1]:8443', /this computer itself/],
    ['https://192.168.1.20', /private network/],
    ['https://10.1.2.3', /private network/],
    ['https://172.20.0.5', /private network/],
    ['https://[fd00::2]', /private network/],
    ['https://169.254.10.1', /link-local/],
    ['https://[fe80::1]', /link-local/],
    ['https://100.72.0.9', /carrier-grade NAT/],
    ['https://0.0.0.0', /not an address anyone can connect to/],
    ['https://[::ffff:127.0.0.1]', /this computer itself/],
  ])('fails %s', async (url, why) => {
    const v = await checkPublicUrl(url, noDns);
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(why);
    expect(v.detail).toMatch(/Sautikit cannot reach/);
  });

  it('fails names only the local network knows, without asking DNS', async () => {
    for (const url of [
      'https://localhost:8080',
      'https://printer.local',
      'https://desk.home.arpa',
      'https://nas',
    ])
      expect(await checkPublicUrl(url, noDns)).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/only this computer or its local network knows/),
      });
  });

  it('looks a name up: private answers fail, a public one passes, an unknown name says so', async () => {
    const lookup = dns({
      'calls.example.co.ke': ['41.90.64.10'],
      'office.example.co.ke': ['192.168.0.7'],
      'both.example.co.ke': ['10.0.0.2', '2c0f:fe38:2000::1'],
    });
    expect(await checkPublicUrl('https://calls.example.co.ke', lookup)).toMatchObject({ ok: true });
    expect(await checkPublicUrl('https://office.example.co.ke', lookup)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/resolves to 192\.168\.0\.7, which is an address on a private network/),
    });
    expect((await checkPublicUrl('https://both.example.co.ke', lookup)).ok).toBe(true);
    expect(await checkPublicUrl('https://gone.example.co.ke', lookup)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/does not exist in DNS/),
    });
  });

  it('passes public https addresses', async () => {
    expect((await checkPublicUrl('https://41.90.64.10', noDns)).ok).toBe(true);
    expect(whyAddressIsNotPublic('8.8.8.8')).toBeNull();
    expect(whyAddressIsNotPublic('2c0f:fe38:2000::1')).toBeNull();
  });
});
