import { describe, expect, it, vi } from 'vitest';
import type { HostLinkView, Result, WireMessage } from '../../../bridge/api/contract';
import { createPipePair, type Pipe } from '../../../bridge/console/pipe';
import type { StartedCore } from '../../../bridge/core';
import { SautiError } from '../../../bridge/base/errors';
import { createSilentLog } from '../../../bridge/base/log';
import type { JoinedTeam } from '../../../bridge/team/join-team';
import {
  DesktopConsoles,
  type DesktopConsolesDeps,
  type LocalCore,
} from '../../../electron/desktop-consoles';

const TEAM: JoinedTeam = {
  hostAddress: 'https://192.168.1.20:8443',
  hostName: 'amina-laptop',
  agentId: 'ag-7',
  token: 'sat_secret_token_never_in_the_window',
  certPem: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n',
  fingerprint: 'ab'.repeat(32),
};
const JOIN_ARGS = {
  address: '192.168.1.20:8443',
  code: 'K7QM-2XPA',
  name: 'Achieng',
  number: '+254722000333',
};
const STARTED: StartedCore = {
  publicUrl: 'https://x.trycloudflare.com',
  port: 8080,
  consoleUrl: null,
  consolePort: null,
};

/** A console that answers every command with where it was answered. */
function answering(where: string, attached: Pipe[], handled: string[]) {
  return (pipe: Pipe) => {
    attached.push(pipe);
    const off = pipe.onMessage((m) => {
      const c = m as { type: string; id: number; name: string };
      if (c.type === 'cmd') handled.push(c.name);
      if (c.type === 'cmd')
        pipe.send({ type: 'res', id: c.id, result: { ok: true, value: { where, name: c.name } } });
    });
    return off;
  };
}

function fakeCore(blocker: string | null = null) {
  const attached: Pipe[] = [];
  const handled: string[] = [];
  const core = {
    attached,
    handled,
    stopped: false,
    attachConsole: vi.fn(answering('core', attached, handled)),
    stop: vi.fn(async () => {
      core.stopped = true;
    }),
    team: { joinBlocker: () => blocker },
  };
  return core;
}

function fakeRelay() {
  const attached: Pipe[] = [];
  const handled: string[] = [];
  const relay = {
    attached,
    handled,
    closed: false,
    attachConsole: vi.fn((pipe: Pipe) => {
      const off = answering('host', attached, handled)(pipe);
      const online: HostLinkView = { state: 'online', hostAddress: TEAM.hostAddress, message: 'Connected' };
      pipe.send({ type: 'evt', name: 'link.changed', data: online });
      return off;
    }),
    close: vi.fn(() => {
      relay.closed = true;
    }),
  };
  return relay;
}

function setup(
  options: { joined?: JoinedTeam | null; blocker?: string | null; pair?: DesktopConsolesDeps['pair'] } = {},
) {
  const cores: ReturnType<typeof fakeCore>[] = [];
  const relays: ReturnType<typeof fakeRelay>[] = [];
  let stored: JoinedTeam | null = options.joined ?? null;
  const deps = {
    log: createSilentLog(),
    startLocal: vi.fn(async () => {
      const core = fakeCore(options.blocker ?? null);
      cores.push(core);
      return { core: core as LocalCore, started: STARTED };
    }),
    joined: {
      load: () => stored,
      save: vi.fn((t: JoinedTeam) => void (stored = t)),
      clear: vi.fn(() => void (stored = null)),
    },
    pair: vi.fn(options.pair ?? (async () => TEAM)),
    leaveHost: vi.fn(async () => true),
    createRelay: vi.fn(() => {
      const relay = fakeRelay();
      relays.push(relay);
      return relay;
    }),
    localStartFailed: vi.fn(),
  };
  const consoles = new DesktopConsoles(deps);
  return { consoles, deps, cores, relays, stored: () => stored };
}

/** A window on one end of a pipe attached to main. */
function openWindow(consoles: DesktopConsoles) {
  const [win, main] = createPipePair();
  consoles.attachConsole(main);
  const received: WireMessage[] = [];
  const waiting = new Map<number, (r: Result<unknown>) => void>();
  let nextId = 1;
  win.onMessage((m) => {
    const msg = m as WireMessage;
    received.push(msg);
    if (msg.type === 'res') waiting.get(msg.id)?.(msg.result);
  });
  return {
    received,
    links: () =>
      received
        .filter((m) => m.type === 'evt' && m.name === 'link.changed')
        .map((m) => (m as { data: HostLinkView }).data.state),
    call(name: string, args: unknown = {}): Promise<Result<unknown>> {
      const id = nextId++;
      const p = new Promise<Result<unknown>>((r) => waiting.set(id, r));
      win.send({ type: 'cmd', id, name, args });
      return p;
    },
    close: () => win.close(),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 5));

describe('DesktopConsoles', () => {
  it('starts this computer’s own core when it is on no team, and windows reach it', async () => {
    const { consoles, deps, cores } = setup();
    const win = openWindow(consoles);
    await consoles.start();
    await flush();
    expect(deps.startLocal).toHaveBeenCalledTimes(1);
    expect(consoles.local?.started).toBe(STARTED);
    expect(win.links()).toEqual(['local']);
    await expect(win.call('calls.list')).resolves.toEqual({
      ok: true,
      value: { where: 'core', name: 'calls.list' },
    });
    // team.leave on the own console is the core's to refuse.
    await expect(win.call('team.leave')).resolves.toMatchObject({ value: { where: 'core' } });
    expect(cores[0]!.attached).toHaveLength(1);
  });

  it('starts on the joined team without a core: no calls answered here, the window relayed', async () => {
    const { consoles, deps, relays } = setup({ joined: TEAM });
    await consoles.start();
    const win = openWindow(consoles);
    await flush();
    expect(deps.startLocal).not.toHaveBeenCalled();
    expect(consoles.local).toBeNull();
    expect(consoles.joinedTeam).toBe(TEAM);
    expect(deps.createRelay).toHaveBeenCalledWith(TEAM);
    expect(win.links()).toEqual(['online']);
    await expect(win.call('calls.list')).resolves.toMatchObject({ value: { where: 'host' } });
    expect(relays[0]!.attached).toHaveLength(1);
  });

  it('joins: pairs, keeps the team, stops the core and moves every open window to the host', async () => {
    const { consoles, deps, cores, relays, stored } = setup();
    await consoles.start();
    const win = openWindow(consoles);
    const other = openWindow(consoles);
    await flush();
    // Typed the local way: the host gets the one normalised form.
    const joined = await win.call('team.join', { ...JOIN_ARGS, number: '0722 000-333' });
    expect(joined).toEqual({
      ok: true,
      value: { hostAddress: TEAM.hostAddress, hostName: 'amina-laptop', agentId: 'ag-7' },
    });
    expect(deps.pair).toHaveBeenCalledWith(JOIN_ARGS);
    expect(stored()).toBe(TEAM);
    await vi.waitFor(() => expect(relays).toHaveLength(1));
    await flush();
    expect(cores[0]!.stopped).toBe(true);
    expect(consoles.local).toBeNull();
    for (const w of [win, other]) expect(w.links()).toEqual(['local', 'connecting', 'online']);
    await expect(other.call('queue.get')).resolves.toMatchObject({ value: { where: 'host' } });
    expect(JSON.stringify(win.received)).not.toContain(TEAM.token);
    // The core no longer hears the windows, and team.join never reached it.
    await win.call('calls.list');
    expect(cores[0]!.handled).toEqual([]);
    expect(relays[0]!.handled).toEqual(['queue.get', 'calls.list']);
  });

  it('leaves: tells the host, forgets the team and starts the own core again', async () => {
    const { consoles, deps, cores, relays, stored } = setup({ joined: TEAM });
    await consoles.start();
    const win = openWindow(consoles);
    await flush();
    await expect(win.call('team.leave')).resolves.toEqual({ ok: true, value: { left: true } });
    await vi.waitFor(() => expect(cores).toHaveLength(1));
    await flush();
    expect(relays[0]!.closed).toBe(true);
    expect(deps.leaveHost).toHaveBeenCalledWith(TEAM);
    expect(stored()).toBeNull();
    expect(win.links()).toEqual(['online', 'connecting', 'local']);
    await expect(win.call('calls.list')).resolves.toMatchObject({ value: { where: 'core' } });
    expect(relays[0]!.handled).toEqual([]);
  });

  it('refuses to join in plain words: bad input, a computer that answers a number, a refused code', async () => {
    const blocked = setup({ blocker: 'This computer answers +254700000000.' });
    await blocked.consoles.start();
    const w1 = openWindow(blocked.consoles);
    await expect(w1.call('team.join', { ...JOIN_ARGS, number: '0722' })).resolves.toMatchObject({
      ok: false,
      error: {
        code: 'AGENT_BAD_NUMBER',
        message: expect.stringMatching(
          /"0722" is not a phone number we can dial\. Type it like 0712 345 678/,
        ),
      },
    });
    await expect(w1.call('team.join', JOIN_ARGS)).resolves.toMatchObject({
      ok: false,
      error: { code: 'TEAM_JOIN_BLOCKED', message: 'This computer answers +254700000000.' },
    });
    expect(blocked.deps.pair).not.toHaveBeenCalled();

    const refused = setup({
      pair: async () => {
        throw new SautiError(
          'TEAM_CODE_EXPIRED',
          'That pairing code has expired. Ask the host for a new one.',
        );
      },
    });
    await refused.consoles.start();
    const w2 = openWindow(refused.consoles);
    await expect(w2.call('team.join', JOIN_ARGS)).resolves.toMatchObject({
      ok: false,
      error: { code: 'TEAM_CODE_EXPIRED', message: /expired/ },
    });
    expect(refused.stored()).toBeNull();
    expect(refused.cores[0]!.stopped).toBe(false);
  });

  it('gives the token back when it cannot be kept safely, and stays on its own console', async () => {
    const { consoles, deps, cores } = setup();
    deps.joined.save.mockImplementation(() => {
      throw new SautiError('SECRETS_UNAVAILABLE', 'The system keyring is not available');
    });
    await consoles.start();
    const win = openWindow(consoles);
    await expect(win.call('team.join', JOIN_ARGS)).resolves.toMatchObject({
      ok: false,
      error: { code: 'SECRETS_UNAVAILABLE' },
    });
    expect(deps.leaveHost).toHaveBeenCalledWith(TEAM);
    expect(cores[0]!.stopped).toBe(false);
    expect(deps.createRelay).not.toHaveBeenCalled();
  });

  it('a window already on a team cannot join another one', async () => {
    const { consoles, deps } = setup({ joined: TEAM });
    await consoles.start();
    const win = openWindow(consoles);
    await expect(win.call('team.join', JOIN_ARGS)).resolves.toMatchObject({
      ok: false,
      error: { code: 'TEAM_ALREADY_JOINED', message: /amina-laptop/ },
    });
    expect(deps.pair).not.toHaveBeenCalled();
  });

  it('says so when the own core cannot start again after leaving', async () => {
    const { consoles, deps } = setup({ joined: TEAM });
    await consoles.start();
    deps.startLocal.mockRejectedValueOnce(
      Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }),
    );
    const win = openWindow(consoles);
    await win.call('team.leave');
    await vi.waitFor(() => expect(deps.localStartFailed).toHaveBeenCalled());
    await expect(win.call('calls.list')).resolves.toMatchObject({
      ok: false,
      error: { code: 'CONSOLE_DISCONNECTED' },
    });
  });

  it('stops whichever console runs, and a closed window is let go', async () => {
    const joined = setup({ joined: TEAM });
    await joined.consoles.start();
    const win = openWindow(joined.consoles);
    win.close();
    await joined.consoles.stop();
    expect(joined.relays[0]!.closed).toBe(true);
    const local = setup();
    await local.consoles.start();
    await local.consoles.stop();
    expect(local.cores[0]!.stopped).toBe(true);
  });
});
