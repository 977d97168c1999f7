import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HostLinkView, WireMessage } from '../../../bridge/api/contract';
import { createPipePair } from '../../../bridge/console/pipe';
import { FakeClock } from '../../../bridge/base/clock';
import { createSilentLog } from '../../../bridge/base/log';
import { HostRelay, relayRetryDelayMs } from '../../../bridge/team/host-relay';
import type { JoinedTeam } from '../../../bridge/team/join-team';
import { encodeListenFrame } from '../../../bridge/api/listen-frame';
import { captureLog } from '../../harness/capture-log';

const TEAM: JoinedTeam = {
  hostAddress: 'https://192.168.1.20:8443',
  hostName: 'amina-laptop',
  agentId: 'ag-7',
  token: 'sat_token',
  certPem: 'pem',
  fingerprint: 'ab'.repeat(32),
};

/** The part of a ws client socket the relay uses, driven by the test. */
class FakeSocket extends EventEmitter {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readyState = 0;
  readonly sent: unknown[] = [];
  terminated = false;
  send(data: string | Uint8Array) {
    this.sent.push(
      typeof data === 'string' ? JSON.parse(data) : { binary: Buffer.from(data).toString('hex') },
    );
  }
  terminate() {
    this.terminated = true;
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.emit('open');
  }
  fromHost(message: unknown, isBinary = false) {
    this.emit(
      'message',
      Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)),
      isBinary,
    );
  }
}

function rig(log = createSilentLog()) {
  const clock = new FakeClock();
  const sockets: FakeSocket[] = [];
  const relay = new HostRelay({
    team: TEAM,
    clock,
    log,
    retryDelayMs: (attempt) => 1000 * (attempt + 1),
    connect: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s as never;
    },
  });
  const [win, main] = createPipePair();
  const received: WireMessage[] = [];
  win.onMessage((m) => received.push(m as WireMessage));
  relay.attachConsole(main);
  const links = () =>
    received
      .filter((m) => m.type === 'evt' && m.name === 'link.changed')
      .map((m) => (m as { data: HostLinkView }).data);
  return { clock, sockets, relay, win, received, links };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('HostRelay', () => {
  it('carries commands to the host and only answers and events back', async () => {
    const r = rig();
    r.sockets[0]!.open();
    r.win.send({ type: 'cmd', id: 1, name: 'calls.list', args: {} });
    r.win.send({ type: 'evt', name: 'call.changed', data: {} });
    r.win.send('nonsense');
    await tick();
    expect(r.sockets[0]!.sent).toEqual([{ type: 'cmd', id: 1, name: 'calls.list', args: {} }]);
    r.sockets[0]!.fromHost({ type: 'res', id: 1, result: { ok: true, value: [] } });
    r.sockets[0]!.fromHost({ type: 'cmd', id: 9, name: 'team.revoke', args: {} });
    r.sockets[0]!.fromHost('not json');
    r.sockets[0]!.fromHost({ type: 'evt', name: 'x', data: 1 }, true);
    await tick();
    expect(r.received.filter((m) => m.type !== 'evt' || m.name !== 'link.changed')).toEqual([
      { type: 'res', id: 1, result: { ok: true, value: [] } },
    ]);
    expect(r.links().map((l) => l.state)).toEqual(['connecting', 'online']);
  });

  it('answers commands in flight and while away at once, and retries with the backoff it announces', async () => {
    const r = rig();
    r.sockets[0]!.open();
    r.win.send({ type: 'cmd', id: 1, name: 'calls.list', args: {} });
    await tick();
    r.sockets[0]!.emit('close', 1006);
    r.win.send({ type: 'cmd', id: 2, name: 'queue.get', args: {} });
    await tick();
    const answers = r.received.filter((m) => m.type === 'res');
    expect(answers.map((m) => m.type === 'res' && !m.result.ok && [m.id, m.result.error.code])).toEqual([
      [1, 'CONSOLE_DISCONNECTED'],
      [2, 'CONSOLE_DISCONNECTED'],
    ]);
    expect(r.links().at(-1)).toMatchObject({ state: 'lost', retryInMs: 1000, hostName: 'amina-laptop' });
    r.clock.advance(999);
    expect(r.sockets).toHaveLength(1);
    r.clock.advance(1);
    expect(r.sockets).toHaveLength(2);
    r.sockets[1]!.emit('error', new Error('ECONNREFUSED'));
    await tick();
    expect(r.links().at(-1)).toMatchObject({ state: 'lost', retryInMs: 2000 });
    r.clock.advance(2000);
    r.sockets[2]!.open();
    await tick();
    expect(r.links().at(-1)?.state).toBe('online');
  });

  it('a 403 at the upgrade means revoked: no timer, and commands are refused as revoked', async () => {
    const r = rig();
    r.sockets[0]!.emit('unexpected-response', {}, { statusCode: 403 });
    r.win.send({ type: 'cmd', id: 3, name: 'calls.list', args: {} });
    await tick();
    expect(r.links().at(-1)?.state).toBe('revoked');
    expect(r.relay.revoked).toBe(true);
    expect(r.clock.pendingTimers()).toBe(0);
    expect(r.received.find((m) => m.type === 'res')).toMatchObject({
      result: { ok: false, error: { code: 'TEAM_REVOKED', retryable: false } },
    });
  });

  it('stops when the window goes away or the relay closes', async () => {
    const r = rig();
    r.sockets[0]!.open();
    r.win.close();
    expect(r.sockets[0]!.terminated).toBe(true);
    expect(r.clock.pendingTimers()).toBe(0);
    const again = rig();
    again.sockets[0]!.emit('close', 1006);
    expect(again.clock.pendingTimers()).toBe(1);
    again.relay.close();
    expect(again.clock.pendingTimers()).toBe(0);
  });

  it("forwards the host's audio frames to the window and the window's microphone to the host, unchanged; drops the rest with a log", async () => {
    const captured = captureLog();
    const r = rig(captured.log);
    const frames: string[] = [];
    r.win.onBinary((f) => frames.push(Buffer.from(f).toString('hex')));
    r.sockets[0]!.open();
    const good = encodeListenFrame('CA1', 'outbound', Int16Array.from([1, -1, 300]));
    r.sockets[0]!.emit('message', Buffer.from(good), true);
    r.sockets[0]!.emit('message', Buffer.from([9, 9, 9, 9, 9, 9]), true);
    r.sockets[0]!.emit('message', [Buffer.from(good.subarray(0, 5)), Buffer.from(good.subarray(5))], true);
    // From the window only a headset's microphone goes up (an `outbound` frame); anything else is dropped.
    const mic = encodeListenFrame('CA1', 'outbound', Int16Array.from([5, 6]));
    r.win.sendBinary(mic);
    r.win.sendBinary(encodeListenFrame('CA1', 'inbound', Int16Array.from([7])));
    r.win.sendBinary(Uint8Array.from([1, 2, 3]));
    await tick();
    expect(frames).toEqual([Buffer.from(good).toString('hex'), Buffer.from(good).toString('hex')]);
    expect(r.received.filter((m) => m.type !== 'evt' || m.name !== 'link.changed')).toEqual([]);
    expect(r.sockets[0]!.sent).toEqual([{ binary: Buffer.from(mic).toString('hex') }]);
    expect(captured.lines.filter((l) => l.code === 'TEAM_BAD_FRAME').map((l) => l.msg)).toEqual([
      'the host sent a malformed binary frame: ignored',
      'a window sent a binary frame: ignored',
    ]);
  });

  it('backs off from half a second to ten, with a little jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => relayRetryDelayMs(a, () => 0.5))).toEqual([
      500, 1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
    expect(relayRetryDelayMs(0, () => 0)).toBe(425);
    expect(relayRetryDelayMs(0, () => 1)).toBe(575);
  });
});
