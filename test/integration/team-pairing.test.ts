// Team mode over real sockets: the host's TLS LAN listener, pairing with a code (right, wrong,
// expired, reused), the pinned certificate, per-agent tokens and identities, revocation, browser pairing.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeClock } from '../../bridge/base/clock';
import { CONSOLE_SUBPROTOCOL } from '../../bridge/console/console-socket';
import type { CoreDeps } from '../../bridge/core';
import { connectToHost, pairWithHost, type JoinedTeam } from '../../bridge/team/join-team';
import { createHostCertificate } from '../../bridge/team/host-certificate';
import { startTestApp, type TestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';

const CODE_TTL_MS = 60_000;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const opened = (ws: WebSocket) =>
  new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_q, res) =>
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
    );
    ws.once('error', reject);
  });

async function hostWithCode(settings: Record<string, unknown> = {}, deps: Partial<CoreDeps> = {}) {
  app = await startTestApp({ teamHost: '127.0.0.1', teamPort: 0, ...settings }, deps);
  const host = new TestConsole(app);
  const view = await host.cmd('team.setHosting', { on: true });
  expect(view.hosting).toBe(true);
  const code = await host.cmd('team.pairingCode', {});
  return { host, code, address: code.addresses[0]! };
}

describe('team mode', () => {
  it('pairs a teammate with the code, pins the certificate, and gives their console an agent identity', async () => {
    const { host, code, address } = await hostWithCode();
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const joined = await pairWithHost({
      address,
      code: code.code.toLowerCase(),
      name: 'Wanjiru',
      number: '+254711000111',
    });
    expect(joined.fingerprint).toBe(code.fingerprint.replace(/:/g, '').toLowerCase());
    const roster = await host.cmd('agents.list', {});
    expect(roster.find((a) => a.id === joined.agentId)).toMatchObject({
      name: 'Wanjiru',
      number: '+254711000111',
    });

    const ws = connectToHost(joined);
    await opened(ws);
    const teammate = TestConsole.overSocket(ws);
    const status = await teammate.result('status.get', {});
    expect(status.ok && status.value.agentId).toBe(joined.agentId);
    const team = await teammate.result('team.get', {});
    expect(team.ok && team.value.you).toEqual({ agentId: joined.agentId, name: 'Wanjiru' });
    const refused = await teammate.result('team.pairingCode', {});
    expect(refused.ok).toBe(false);
    expect((await host.cmd('team.get', {})).teammates).toEqual([
      expect.objectContaining({ agentId: joined.agentId, online: true }),
    ]);
    ws.close();
  });

  it('a code works once; a wrong one is refused in plain words', async () => {
    const { code, address } = await hostWithCode();
    await pairWithHost({ address, code: code.code, name: 'A', number: '+254711000001' });
    await expect(
      pairWithHost({ address, code: code.code, name: 'B', number: '+254711000002' }),
    ).rejects.toMatchObject({ code: 'TEAM_PAIR_REFUSED' });
    await expect(
      pairWithHost({ address, code: 'ZZZZ-ZZZZ', name: 'B', number: '+254711000002' }),
    ).rejects.toThrow(/not right/);
  });

  it('an expired code says so', async () => {
    const clock = new FakeClock();
    const { code, address } = await hostWithCode({ pairingCodeTtlMs: CODE_TTL_MS }, { clock });
    clock.advance(CODE_TTL_MS);
    await expect(
      pairWithHost({ address, code: code.code, name: 'A', number: '+254711000001' }),
    ).rejects.toMatchObject({ code: 'TEAM_CODE_EXPIRED' });
  });

  it("refuses to pair with another agent's number, and the code still works with the teammate's own", async () => {
    const { host, code, address } = await hostWithCode();
    const otieno = await host.cmd('agent.save', { name: 'Otieno', number: '+254722000444' });
    // Typed as a local number: the same agent, so the same refusal.
    await expect(
      pairWithHost({ address, code: code.code, name: 'Mallory', number: '0722 000-444' }),
    ).rejects.toMatchObject({
      code: 'TEAM_PAIR_REFUSED',
      message: expect.stringMatching(/\+254722000444 already belongs to Otieno/),
    });
    const roster = await host.cmd('agents.list', {});
    expect(roster.find((a) => a.id === otieno.id)).toMatchObject({ name: 'Otieno', number: '+254722000444' });
    expect((await host.cmd('team.get', {})).teammates).toEqual([]);

    const joined = await pairWithHost({ address, code: code.code, name: 'Mallory', number: '0711000555' });
    expect(joined.agentId).not.toBe(otieno.id);
  });

  it("refuses a second pairing on a paired teammate's number, but lets a revoked teammate come back", async () => {
    const { host, code, address } = await hostWithCode();
    const first = await pairWithHost({ address, code: code.code, name: 'Wanjiru', number: '+254711000111' });
    const second = await host.cmd('team.pairingCode', {});
    await expect(
      pairWithHost({ address, code: second.code, name: 'Someone', number: '+254711000111' }),
    ).rejects.toThrow(/already paired \(Wanjiru\)/);
    await host.cmd('team.revoke', { agentId: first.agentId });
    const back = await pairWithHost({ address, code: second.code, name: 'Wanjiru', number: '0711 000 111' });
    expect(back.agentId).toBe(first.agentId);
  });

  it('refuses a console without a valid token, and closes a revoked teammate', async () => {
    const { host, code, address } = await hostWithCode();
    const joined = await pairWithHost({ address, code: code.code, name: 'Otieno', number: '+254711000222' });
    const forged: JoinedTeam = { ...joined, token: 'sat_forged' };
    await expect(opened(connectToHost(forged))).rejects.toMatchObject({ status: 401 });

    const ws = connectToHost(joined);
    await opened(ws);
    const closed = new Promise<number>((r) => ws.once('close', (c) => r(c)));
    await host.cmd('team.revoke', { agentId: joined.agentId });
    expect(await closed).toBe(4403);
    await expect(opened(connectToHost(joined))).rejects.toMatchObject({ status: 403 });
    expect((await host.cmd('agents.list', {})).find((a) => a.id === joined.agentId)?.presence).toBe('away');
  });

  it('a desktop teammate trusts only the pinned certificate', async () => {
    const { code, address } = await hostWithCode();
    const joined = await pairWithHost({ address, code: code.code, name: 'A', number: '+254711000001' });
    const other = await createHostCertificate(Date.now());
    const ws = connectToHost({ ...joined, certPem: other.certPem, fingerprint: other.fingerprint });
    await expect(opened(ws)).rejects.toThrow();
  });

  it('a browser teammate pairs with the typed code and opens the console with its token', async () => {
    const { host, code, address } = await hostWithCode();
    const { request } = await import('node:https');
    const pair = (body: unknown) =>
      new Promise<{ status: number; body: { agentId?: string; token?: string; error?: { code: string } } }>(
        (resolve, reject) => {
          const req = request(
            `https://${address}/pair`,
            { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } },
            (res) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () =>
                resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }),
              );
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify(body));
        },
      );
    const bad = await pair({ name: 'B', number: 'not-a-number', code: code.code });
    expect(bad.body.error).toMatchObject({
      code: 'TEAM_BAD_NUMBER',
      message: expect.stringMatching(/0712 345 678 or \+254 712 345 678/),
    });
    // A Kenyan number typed the local way is the same number.
    const ok = await pair({ name: 'Browser', number: '0711-000 333', code: code.code });
    expect(ok.status).toBe(200);
    const roster = await host.cmd('agents.list', {});
    expect(roster.find((a) => a.id === ok.body.agentId)?.number).toBe('+254711000333');
    const ws = new WebSocket(
      `wss://${address}/console`,
      [CONSOLE_SUBPROTOCOL, `sauti.token.${ok.body.token}`],
      { rejectUnauthorized: false },
    );
    await opened(ws);
    const status = await TestConsole.overSocket(ws).result('status.get', {});
    expect(status.ok && status.value.agentId).toBe(ok.body.agentId);
    ws.close();
    const badOrigin = new WebSocket(
      `wss://${address}/console`,
      [CONSOLE_SUBPROTOCOL, `sauti.token.${ok.body.token}`],
      { rejectUnauthorized: false, origin: 'https://evil.example' },
    );
    await expect(opened(badOrigin)).rejects.toMatchObject({ status: 403 });
  });

  it('pairing survives a host restart: the same token and certificate work again', async () => {
    const { code, address } = await hostWithCode();
    const joined = await pairWithHost({ address, code: code.code, name: 'A', number: '+254711000001' });
    const dataDir = app!.dataDir;
    const port = Number(address.split(':')[1]);
    await app!.core.stop();
    const { loadConfig } = await import('../../bridge/config/config');
    const { createCore } = await import('../../bridge/core');
    const { createSilentLog } = await import('../../bridge/base/log');
    const core2 = createCore(
      loadConfig({
        port: 0,
        host: '127.0.0.1',
        aiProvider: 'none',
        dataDir,
        logLevel: 'silent',
        teamHost: '127.0.0.1',
        teamPort: port,
      }),
      {
        log: createSilentLog(),
        consoleServer: false,
      },
    );
    await core2.start();
    try {
      await core2.team.host.setHosting(true);
      const ws = connectToHost(joined);
      await opened(ws);
      const status = await TestConsole.overSocket(ws).result('status.get', {});
      expect(status.ok && status.value.agentId).toBe(joined.agentId);
      ws.close();
    } finally {
      await core2.stop();
    }
  });
});
