// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostLinkView, TeamView, TunnelView } from '../../../../../renderer/src/api/contract';
import { ConsoleError } from '../../../../../renderer/src/api/console-error';
import { App } from '../../../../../renderer/src/app/App';
import { TeamPanel } from '../../../../../renderer/src/features/team/TeamPanel';
import { makeModel, renderWith } from '../../app-harness';
import { FakeConsole, liveCall, settle } from '../../fake-console';

afterEach(cleanup);

const tunnel: TunnelView = {
  provider: 'none',
  state: 'off',
  message: 'No public URL',
  sinceMs: 0,
  publicUrl: 'http://127.0.0.1:8080',
  ngrokAuthtokenSet: false,
};
const hostView: TeamView = { hosting: false, addresses: [], teammates: [] };
const HOST_LINK: HostLinkView = {
  state: 'online',
  hostAddress: 'https://192.168.1.20:8443',
  hostName: 'amina-laptop',
  message: 'Connected',
};

function consoleFor(team: TeamView) {
  return new FakeConsole()
    .handle('tunnel.get', () => tunnel)
    .handle('team.get', () => team)
    .handle('numbers.list', () => [])
    .handle('calls.list', () => [liveCall({ callId: 'A' })])
    .handle('agents.list', () => [])
    .handle('queue.get', () => ({ waiting: 0, longestWaitMs: 0 }))
    .handle('status.get', () => ({ version: '1', publicUrl: 'x', provider: 'gemini', storeOk: true }));
}

async function mount(fake: FakeConsole, link?: HostLinkView) {
  const h = makeModel(fake, '#/settings');
  if (link) act(() => fake.emit('link.changed', link));
  renderWith(h, <TeamPanel />);
  await act(() => settle(10));
  return h;
}

describe('Team panel: join and leave (desktop)', () => {
  it('offers Join a team in the desktop app’s own console, and sends what the teammate typed', async () => {
    const fake = consoleFor(hostView).handle('team.join', () => ({
      hostAddress: 'https://192.168.1.20:8443',
      hostName: 'amina-laptop',
      agentId: 'ag-7',
    }));
    const h = await mount(fake, { state: 'local', message: '' });
    fireEvent.click(screen.getByTestId('join-team-open'));
    fireEvent.change(screen.getByLabelText('Host address'), { target: { value: '192.168.1.20:8443' } });
    fireEvent.change(screen.getByLabelText('Pairing code'), { target: { value: 'k7qm-2xpa' } });
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Achieng' } });
    fireEvent.change(screen.getByLabelText('Your phone number'), { target: { value: '+254722000333' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Join' }));
      await settle();
    });
    expect(fake.argsOf('team.join')).toEqual([
      { address: '192.168.1.20:8443', code: 'k7qm-2xpa', name: 'Achieng', number: '+254722000333' },
    ]);
    expect(h.model.notices.get()[0]?.message).toMatch(/Joined the team of amina-laptop/);
  });

  it('says why joining failed, in the host’s words', async () => {
    const fake = consoleFor(hostView).handle('team.join', () => {
      throw new ConsoleError({
        code: 'TEAM_CODE_EXPIRED',
        message: 'That pairing code has expired. Ask the host for a new one.',
      });
    });
    await mount(fake, { state: 'local', message: '' });
    fireEvent.click(screen.getByTestId('join-team-open'));
    for (const [label, value] of [
      ['Host address', 'h:8443'],
      ['Pairing code', 'AAAA-BBBB'],
      ['Your name', 'A'],
      ['Your phone number', '+254722000333'],
    ] as const)
      fireEvent.change(screen.getByLabelText(label), { target: { value } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Join' }));
      await settle();
    });
    expect(screen.getByTestId('join-team-error').textContent).toBe(
      'That pairing code has expired. Ask the host for a new one.',
    );
  });

  it('has no Join a team in a browser (teammates join there through the host’s /join page)', async () => {
    await mount(consoleFor(hostView));
    expect(screen.queryByTestId('join-team-open')).toBeNull();
  });

  it('shows a relayed teammate whose team they are on, and Leave team', async () => {
    const fake = consoleFor({ ...hostView, you: { agentId: 'ag-7', name: 'Achieng' } }).handle(
      'team.leave',
      () => ({
        left: true,
      }),
    );
    await mount(fake, HOST_LINK);
    expect(screen.getByTestId('teammate-of').textContent).toMatch(/team of amina-laptop as Achieng/);
    expect(screen.queryByTestId('join-team-open')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Leave team' }));
      await settle();
    });
    expect(fake.argsOf('team.leave')).toEqual([{}]);
  });
});

describe('Team panel: numbers, the setup test and a damaged team record', () => {
  it('says why the numbers did not load, with a Retry, instead of "Loading numbers…" for ever', async () => {
    let fail = true;
    const fake = consoleFor(hostView).handle('numbers.list', () => {
      if (fail) throw new ConsoleError({ code: 'SAUTIKIT_UNREACHABLE', message: 'Sautikit did not answer.' });
      return [
        { id: 'n1', number: '+254709000000', status: 'active', routesHere: false, answeredHere: false },
      ];
    });
    await mount(fake);
    expect(screen.queryByTestId('numbers-loading')).toBeNull();
    expect(screen.getByTestId('numbers-error').textContent).toMatch(
      /Could not load your numbers: Sautikit did not answer\./,
    );
    fail = false;
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      await settle(10);
    });
    expect(screen.getByTestId('number-rows').textContent).toMatch(/\+254709000000/);
  });

  it('without a Sautikit key, points at the key field on this screen and loads once settings are saved', async () => {
    let key = false;
    const fake = consoleFor(hostView).handle('numbers.list', () => {
      if (!key)
        throw new ConsoleError({
          code: 'NUMBERS_NO_KEY',
          message: 'Add your Sautikit API key in Settings first.',
        });
      return [];
    });
    await mount(fake);
    const text = screen.getByTestId('numbers-error').textContent ?? '';
    expect(text).toMatch(/enter it under Phone line \(Sautikit\) above and save/);
    expect(text).not.toMatch(/in Settings first/);
    expect(screen.getByRole('button', { name: 'Go to the key' })).toBeTruthy();
    key = true;
    await act(async () => {
      fake.emit('status.changed', { version: '1', publicUrl: 'x', provider: 'gemini', storeOk: true });
      await settle(10);
    });
    expect(screen.queryByTestId('numbers-error')).toBeNull();
    expect(screen.getByText('No numbers in this Sautikit workspace yet.')).toBeTruthy();
  });

  it('shows a setup test run in another window at once, hop by hop', async () => {
    const fake = consoleFor(hostView);
    await mount(fake);
    expect(screen.queryByTestId('setup-report')).toBeNull();
    act(() =>
      fake.emit('tunnel.changed', {
        ...tunnel,
        lastTest: {
          ok: false,
          publicUrl: 'http://127.0.0.1:8080',
          testedAtMs: Date.UTC(2026, 0, 1, 9, 30),
          hops: [
            { hop: 'address', ok: false, detail: 'plain http: Sautikit only calls https addresses' },
            { hop: 'webhook', ok: true, detail: 'answered from this app' },
          ],
        },
      }),
    );
    expect(screen.getByTestId('setup-report').textContent).toMatch(/Not ready: Sautikit cannot use/);
    expect(screen.getByTestId('hop-address').textContent).toMatch(/✗ Reachable by Sautikit: plain http/);
    expect(screen.getByTestId('hop-webhook').textContent).toMatch(/✓ Webhook/);
  });

  it('shows the result of its own test at once, from the command', async () => {
    const fake = consoleFor(hostView).handle('tunnel.test', () => ({
      ok: true,
      publicUrl: 'https://desk.ngrok.app',
      testedAtMs: 1,
      hops: [{ hop: 'address', ok: true, detail: 'https://desk.ngrok.app is a public https address' }],
    }));
    await mount(fake);
    await act(async () => {
      fireEvent.click(screen.getByTestId('test-setup'));
      await settle(10);
    });
    expect(screen.getByTestId('setup-report').textContent).toMatch(/Sautikit can reach this computer/);
  });

  it('says the team record is damaged and what turning hosting on will do', async () => {
    await mount(
      consoleFor({ ...hostView, problem: 'The team list (team.json) is damaged: … Team hosting stays off.' }),
    );
    expect(screen.getByTestId('team-problem').textContent).toMatch(/damaged.*stays off/);
  });
});

describe('the shell when the team host is away or refuses', () => {
  async function mountApp(fake: FakeConsole) {
    const h = makeModel(fake, '#/live');
    renderWith(h, <App />);
    await act(() => settle(10));
    return h;
  }

  it('keeps the board, marks it stale and says calls keep flowing on the host', async () => {
    const fake = consoleFor(hostView);
    await mountApp(fake);
    act(() => fake.emit('link.changed', HOST_LINK));
    expect(screen.getByTestId('connection').textContent).toBe('Connected to amina-laptop');
    act(() => {
      fake.emit('link.changed', { ...HOST_LINK, state: 'lost', retryInMs: 1000 });
      fake.setStatus('reconnecting');
    });
    expect(screen.getByTestId('link-banner').textContent).toBe(
      'Lost the host amina-laptop — retrying… calls keep flowing on the host.',
    );
    expect(screen.getByTestId('board-stale').textContent).toMatch(/^Not live since/);
    expect(screen.getAllByTestId('call-card')).toHaveLength(1);
    await act(async () => {
      fake.setStatus('open');
      await settle();
    });
    expect(screen.queryByTestId('link-banner')).toBeNull();
    expect(screen.queryByTestId('board-stale')).toBeNull();
  });

  it('shows access revoked instead of the screens, and a desktop teammate can leave from there', async () => {
    const fake = consoleFor(hostView).handle('team.leave', () => ({ left: true }));
    await mountApp(fake);
    act(() => {
      fake.emit('link.changed', { ...HOST_LINK, state: 'revoked' });
      fake.setStatus('revoked');
    });
    expect(screen.getByTestId('access-screen').textContent).toMatch(
      /Access revoked.*The host amina-laptop revoked/,
    );
    expect(screen.queryByRole('region', { name: 'Live calls' })).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Leave team' }));
      await settle();
    });
    expect(fake.argsOf('team.leave')).toEqual([{}]);
  });
});
