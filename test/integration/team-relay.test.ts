// The desktop teammate's relay against a real host core over TLS: a window's pipe is relayed to the
// host's console with the pinned certificate and the agent token (which the window never sees); Take
// over dials the teammate's number; the host restarting is ridden out with backoff and the board
// reloads; a revoke stops the retrying; leaving makes the host forget the token.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  CommandArgs,
  CommandName,
  CommandResult,
  Events,
  HostLinkView,
  Result,
  WireMessage,
} from '../../bridge/api/contract';
import { createPipePair, type Pipe } from '../../bridge/console/pipe';
import { FakeClock, realClock, type Clock } from '../../bridge/base/clock';
import { loadConfig } from '../../bridge/config/config';
import { createCore, type Core } from '../../bridge/core';
import { createSilentLog } from '../../bridge/base/log';
import { decodeListenFrame } from '../../bridge/api/listen-frame';
import { HostRelay } from '../../bridge/team/host-relay';
import {
  connectToHost,
  hostBaseUrl,
  leaveHost,
  pairWithHost,
  type JoinedTeam,
} from '../../bridge/team/join-team';
import { DesktopConsoles } from '../../electron/desktop-consoles';
import { JoinedTeamFile } from '../../electron/joined-team-file';
import { ScriptedProvider } from '../fakes/scripted-provider';
import { startHumanWorld, type HumanWorld } from '../harness/human-world';
import { waitFor } from '../sim/carrier';

const TEAMMATE = '+254722000333';
/** Far beyond the relay's retry delay (100 ms here): on a fake clock, any retry still scheduled fires. */
const LONG_AFTER_MS = 60_000;

let world: HumanWorld | undefined;
let extraCore: Core | undefined;
let relay: HostRelay | undefined;
let desktop: DesktopConsoles | undefined;
const dirs: string[] = [];
afterEach(async () => {
  relay?.close();
  relay = undefined;
  await desktop?.stop();
  desktop = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  await extraCore?.stop();
  extraCore = undefined;
  await world?.stop();
  world = undefined;
});

/** The window's end of a relayed pipe: commands, events and every message it was sent. */
function windowConsole(pipe: Pipe) {
  let nextId = 1;
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  const received: WireMessage[] = [];
  const links: HostLinkView[] = [];
  pipe.onMessage((raw) => {
    const m = raw as WireMessage;
    received.push(m);
    if (m.type === 'res') waiting.get(m.id)?.(m.result);
    if (m.type === 'evt' && m.name === 'link.changed') links.push(m.data as HostLinkView);
  });
  return {
    received,
    links,
    get link(): HostLinkView['state'] | undefined {
      return links.at(-1)?.state;
    },
    async call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Result<CommandResult<N>>> {
      const id = nextId++;
      const p = new Promise<Result<unknown>>((r) => waiting.set(id, r));
      pipe.send({ type: 'cmd', id, name, args });
      return (await p) as Result<CommandResult<N>>;
    },
    events<E extends keyof Events>(name: E): Events[E][] {
      return received
        .filter((m) => m.type === 'evt' && m.name === name)
        .map((m) => (m as { data: Events[E] }).data);
    },
  };
}

async function hostAndTeammate(provider?: ScriptedProvider) {
  world = await startHumanWorld({ provider, settings: { teamHost: '127.0.0.1', teamPort: 0 } });
  await world.console.cmd('team.setHosting', { on: true });
  const code = await world.console.cmd('team.pairingCode', {});
  const joined = await pairWithHost({
    address: code.addresses[0]!,
    code: code.code,
    name: 'Achieng',
    number: TEAMMATE,
  });
  return { joined, code };
}

function relayed(joined: JoinedTeam, clock: Clock = realClock) {
  const connects = { count: 0 };
  relay = new HostRelay({
    team: joined,
    clock,
    log: createSilentLog(),
    retryDelayMs: () => 100,
    connect: (team) => {
      connects.count++;
      return connectToHost(team);
    },
  });
  const [windowEnd, mainEnd] = createPipePair();
  relay.attachConsole(mainEnd);
  return { win: windowConsole(windowEnd), windowEnd, connects };
}

describe('desktop teammate relay', () => {
  it('shows the host’s console with this teammate’s identity, and Take over dials the teammate', async () => {
    const provider = new ScriptedProvider();
    const { joined } = await hostAndTeammate(provider);
    expect(joined.hostName).toBeTruthy();
    const { win, windowEnd } = relayed(joined);
    await waitFor(() => win.link === 'online', 5000, 'relay online');
    expect(win.links.map((l) => l.state)).toEqual(['connecting', 'online']);
    expect(win.links[1]).toMatchObject({ hostAddress: joined.hostAddress, hostName: joined.hostName });

    const status = await win.call('status.get', {});
    expect(status.ok && status.value).toMatchObject({ agentId: joined.agentId, hostName: joined.hostName });

    world!.rest.phones.answers(TEAMMATE);
    const { sim, carrier } = await world!.call('+254700111222');
    await sim.connectMedia();
    await waitFor(() => world!.app.core.registry.get(sim.callSid)?.phase === 'ai', 5000, 'streaming');
    const list = await win.call('calls.list', {});
    expect(list.ok && list.value.map((c) => c.callId)).toContain(sim.callSid);

    // Listen-in through the relay: the host's binary listen frames reach the window as binary.
    const frames: Uint8Array[] = [];
    windowEnd.onBinary((f) => frames.push(f));
    expect(await win.call('call.listen', { callId: sim.callSid, on: true })).toMatchObject({ ok: true });
    void sim.streamSilence(1000);
    await waitFor(() => frames.length >= 2, 8000, 'listen frames through the relay');
    expect(frames.map((f) => decodeListenFrame(f)?.callId)).toEqual(frames.map(() => sim.callSid));
    await win.call('call.listen', { callId: sim.callSid, on: false });

    const took = await win.call('call.takeOver', { callId: sim.callSid });
    expect(took).toEqual({ ok: true, value: { accepted: true, via: 'phone' } });
    await waitFor(
      () => world!.app.core.registry.get(sim.callSid)?.agent?.state === 'connected',
      8000,
      'the teammate’s phone joined',
    );
    const legs = [...world!.rest.pbx.calls.values()].filter((c) => c.direction === 'outbound');
    expect(legs.map((c) => c.to)).toEqual([TEAMMATE]);
    expect(carrier.endedAtMs).toBeUndefined();
    expect(world!.app.core.registry.get(sim.callSid)?.agent?.id).toBe(joined.agentId);
    // The window heard the host's live events, and never the token.
    await waitFor(
      () => win.events('call.changed').some((c) => c.callId === sim.callSid && c.agentId === joined.agentId),
      5000,
      'call.changed with the teammate',
    );
    expect(JSON.stringify(win.received)).not.toContain(joined.token);
  });

  it('rides out a host restart: lost with a retry, then online again and the board reloads', async () => {
    const { joined } = await hostAndTeammate();
    const { win } = relayed(joined);
    await waitFor(() => win.link === 'online', 5000, 'relay online');
    const hostCore = world!.app.core;
    const config = { ...hostCore.config };
    const lanPort = hostCore.team.host.lanPort!;

    await hostCore.stop();
    await waitFor(() => win.link === 'lost', 5000, 'host lost');
    const lost = win.links.findLast((l) => l.state === 'lost')!;
    expect(lost.retryInMs).toBe(100);
    expect(lost.message).toMatch(/Lost the host .* calls keep flowing on the host/);
    const meanwhile = await win.call('calls.list', {});
    expect(meanwhile.ok).toBe(false);
    expect(!meanwhile.ok && meanwhile.error.code).toBe('CONSOLE_DISCONNECTED');

    // The same host comes back on the same address: hosting resumes by itself (it was on).
    extraCore = createCore(loadConfig({ ...config, port: 0, teamPort: lanPort }), {
      log: createSilentLog(),
      consoleServer: false,
    });
    await extraCore.start();
    expect(extraCore.team.host.hosting).toBe(true);
    await waitFor(() => win.link === 'online', 8000, 'relay online again');
    const again = await win.call('status.get', {});
    expect(again.ok && again.value.agentId).toBe(joined.agentId);
  });

  it('a revoke shows as revoked and stops retrying, for this window and the next', async () => {
    const { joined } = await hostAndTeammate();
    const clock = new FakeClock();
    const { win, connects } = relayed(joined, clock);
    await waitFor(() => win.link === 'online', 5000, 'relay online');
    await world!.console.cmd('team.revoke', { agentId: joined.agentId });
    await waitFor(() => win.link === 'revoked', 5000, 'revoked');
    expect(relay!.revoked).toBe(true);
    const refused = await win.call('calls.list', {});
    expect(!refused.ok && refused.error.code).toBe('TEAM_REVOKED');
    const before = connects.count;
    // Long past any retry: one still scheduled would have dialled the host by now.
    clock.advance(LONG_AFTER_MS);
    expect(connects.count).toBe(before);

    const [otherWindow, otherMain] = createPipePair();
    const other = windowConsole(otherWindow);
    relay!.attachConsole(otherMain);
    await waitFor(() => other.link === 'revoked', 2000, 'second window revoked');
    clock.advance(LONG_AFTER_MS);
    expect(connects.count).toBe(before);
  });

  it('a token the host refuses at reconnect (revoked while away) is revoked, not retried', async () => {
    const { joined } = await hostAndTeammate();
    await world!.console.cmd('team.revoke', { agentId: joined.agentId });
    const clock = new FakeClock();
    const { win, connects } = relayed(joined, clock);
    await waitFor(() => win.link === 'revoked', 5000, 'revoked');
    clock.advance(LONG_AFTER_MS);
    expect(connects.count).toBe(1);
  });

  it('leaving makes the host forget the token and takes the teammate out of the hunt', async () => {
    const { joined } = await hostAndTeammate();
    await expect(leaveHost(joined)).resolves.toBe(true);
    const team = await world!.console.cmd('team.get', {});
    expect(team.teammates.map((t) => t.agentId)).not.toContain(joined.agentId);
    const agents = await world!.console.cmd('agents.list', {});
    expect(agents.find((a) => a.id === joined.agentId)?.presence).toBe('away');
    await expect(leaveHost(joined, { timeoutMs: 2000 })).resolves.toBe(false);
    // The host's own console is not on another team.
    await expect(world!.console.cmd('team.leave', {})).rejects.toMatchObject({ code: 'TEAM_NOT_JOINED' });
    await expect(
      world!.console.cmd('team.join', { address: 'x:1', code: 'ABCD-EFGH', name: 'A', number: TEAMMATE }),
    ).rejects.toMatchObject({ code: 'TEAM_JOIN_DESKTOP_ONLY' });
  });

  it('says plainly when the address is not an address or nobody answers there', async () => {
    expect(hostBaseUrl('192.168.1.20')).toBe('https://192.168.1.20:8443');
    expect(hostBaseUrl('https://192.168.1.20:9443/join')).toBe('https://192.168.1.20:9443');
    expect(() => hostBaseUrl('http://user:pw@host')).toThrow(/address as shown/);
    await expect(
      pairWithHost({ address: 'not an address', code: 'ABCD-EFGH', name: 'A', number: TEAMMATE }),
    ).rejects.toMatchObject({ code: 'TEAM_BAD_ADDRESS' });
    await expect(
      pairWithHost({
        address: '127.0.0.1:1',
        code: 'ABCD-EFGH',
        name: 'A',
        number: TEAMMATE,
        timeoutMs: 2000,
      }),
    ).rejects.toMatchObject({ code: 'TEAM_HOST_UNREACHABLE' });
  });
});

describe('the desktop app joining a real host (main’s side, without Electron)', () => {
  it('Join a team: this computer stops answering, the window shows the host; Leave team brings it back', async () => {
    await hostAndTeammate();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-desktop-'));
    dirs.push(dir);
    const log = createSilentLog();
    const sealed = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s).reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
    };
    const joinedFile = new JoinedTeamFile(dir, sealed, log);
    let ownPort = 0;
    desktop = new DesktopConsoles({
      log,
      startLocal: async () => {
        const core = createCore(
          loadConfig({
            port: 0,
            host: '127.0.0.1',
            aiProvider: 'none',
            dataDir: path.join(dir, 'data'),
            logLevel: 'silent',
          }),
          { log, consoleServer: false },
        );
        const started = await core.start();
        ownPort = started.port;
        return { core, started };
      },
      joined: joinedFile,
      pair: pairWithHost,
      leaveHost: (team) => leaveHost(team),
      createRelay: (team) => new HostRelay({ team, clock: realClock, log, retryDelayMs: () => 100 }),
      localStartFailed: (err) => {
        throw err;
      },
    });
    await desktop.start();
    const [windowEnd, mainEnd] = createPipePair();
    desktop.attachConsole(mainEnd);
    const win = windowConsole(windowEnd);
    await waitFor(() => win.link === 'local', 2000, 'own console');
    const own = await fetch(`http://127.0.0.1:${ownPort}/healthz`);
    expect(own.ok).toBe(true);

    const pairingCode = await world!.console.cmd('team.pairingCode', {});
    const joined = await win.call('team.join', {
      address: pairingCode.addresses[0]!,
      code: pairingCode.code,
      name: 'Baraka',
      number: '+254722000444',
    });
    expect(joined.ok).toBe(true);
    await waitFor(() => win.link === 'online', 8000, 'relayed to the host');
    // No public listener here any more: calls to this computer are not answered.
    await expect(fetch(`http://127.0.0.1:${ownPort}/healthz`)).rejects.toThrow();
    const status = await win.call('status.get', {});
    const agentId = joined.ok ? joined.value.agentId : '';
    expect(status.ok && status.value.agentId).toBe(agentId);
    expect(joinedFile.load()?.agentId).toBe(agentId);
    expect(JSON.stringify(win.received)).not.toContain(joinedFile.load()!.token);

    await expect(win.call('team.leave', {})).resolves.toEqual({ ok: true, value: { left: true } });
    await waitFor(() => win.link === 'local', 8000, 'own console again');
    expect(joinedFile.load()).toBeNull();
    const back = await win.call('status.get', {});
    expect(back.ok && back.value.agentId).toBeUndefined();
    const team = await world!.console.cmd('team.get', {});
    expect(team.teammates.map((t) => t.agentId)).not.toContain(agentId);
  });
});
