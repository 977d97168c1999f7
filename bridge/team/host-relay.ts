// A desktop teammate's windows show the host's console: main attaches each window's pipe here, and
// each is relayed over its own TLS WebSocket to the host (pinned certificate, agent token as a
// subprotocol: the window never sees the token). When the host restarts or the network drops, the
// link retries with backoff and the window hears where it stands as `link.changed` events; commands
// sent while the host is away are answered at once. A revoked token (HTTP 403 at the upgrade, or close
// 4403 on an open socket) ends retrying for every window of this computer.
import type { RawData, WebSocket } from 'ws';
import type { HostLinkView, WireMessage } from '../api/contract';
import { decodeListenFrame } from '../api/listen-frame';
import type { Pipe } from '../console/pipe';
import { backoffDelayMs, type Backoff } from '../base/backoff';
import type { Clock, TimerHandle } from '../base/clock';
import type { Log } from '../base/log';
import { connectToHost, type JoinedTeam } from './join-team';

/** Doubling from half a second to ten, ±15 % so a team's windows do not knock in step. */
const RELAY_RETRY: Backoff = { firstMs: 500, maxMs: 10_000, jitter: 0.15 };
/** The host closes a revoked teammate's consoles with this code (lan-listener.ts). */
export const REVOKED_CLOSE_CODE = 4403;

export function relayRetryDelayMs(attempt: number, random01: () => number = Math.random): number {
  return backoffDelayMs(RELAY_RETRY, attempt, random01);
}

export interface HostRelayOptions {
  readonly team: JoinedTeam;
  readonly clock: Clock;
  readonly log: Log;
  /** Opens the pinned socket (connectToHost); a seam for tests. */
  readonly connect?: (team: JoinedTeam) => WebSocket;
  readonly retryDelayMs?: (attempt: number) => number;
}

type LinkState = HostLinkView['state'];

export class HostRelay {
  private readonly links = new Set<{ close(): void; revoke(): void }>();
  private revokedByHost = false;
  private closed = false;

  constructor(private readonly options: HostRelayOptions) {}

  get revoked(): boolean {
    return this.revokedByHost;
  }

  /** Relays one console pipe to the host until the pipe or the relay closes. */
  attachConsole(pipe: Pipe): () => void {
    if (this.closed) {
      pipe.close();
      return () => undefined;
    }
    const { clock, log, team } = this.options;
    const connect = this.options.connect ?? connectToHost;
    const retryDelayMs = this.options.retryDelayMs ?? ((attempt: number) => relayRetryDelayMs(attempt));
    const hostLabel = team.hostName ?? team.hostAddress.replace(/^https:\/\//, '');
    const inFlight = new Set<number>();
    let socket: WebSocket | null = null;
    let retry: TimerHandle | undefined;
    let attempt = 0;
    let state: LinkState = 'connecting';
    let ended = false;

    const view = (next: LinkState, retryInMs?: number): HostLinkView => ({
      state: next,
      hostAddress: team.hostAddress,
      hostName: team.hostName,
      retryInMs,
      message: {
        local: 'This computer’s own console',
        connecting: `Connecting to the host ${hostLabel}…`,
        online: `Connected to the host ${hostLabel}`,
        lost: `Lost the host ${hostLabel} — retrying… calls keep flowing on the host`,
        revoked: `The host ${hostLabel} revoked this computer’s access to the team`,
      }[next],
    });
    const announce = (next: LinkState, retryInMs?: number) => {
      state = next;
      pipe.send({ type: 'evt', name: 'link.changed', data: view(next, retryInMs) } satisfies WireMessage);
    };
    const refuse = (id: number, code: string, message: string) =>
      pipe.send({
        type: 'res',
        id,
        result: { ok: false, error: { code, message, retryable: code !== 'TEAM_REVOKED' } },
      } satisfies WireMessage);
    // Listen-in and headset audio from the host: a binary frame checked against the layout, then passed
    // on as it came. A malformed one is dropped (said once per window).
    let badFrames = 0;
    const forwardFrame = (data: RawData) => {
      const frame = bytesOf(data);
      if (decodeListenFrame(frame)) return pipe.sendBinary(frame);
      if (badFrames++ === 0)
        log.warn(
          { code: 'TEAM_BAD_FRAME', bytes: frame.length },
          'the host sent a malformed binary frame: ignored',
        );
    };
    // The window's headset microphone goes up to the host the same way: checked, then passed on as it
    // came (the host takes it only for a call this teammate holds). Anything else is dropped.
    let windowFrames = 0;
    const offBinary = pipe.onBinary((frame) => {
      const audio = decodeListenFrame(frame);
      if (audio?.direction === 'outbound' && socket && socket.readyState === socket.OPEN) {
        socket.send(frame, { binary: true });
        return;
      }
      if (windowFrames++ === 0) log.warn({ code: 'TEAM_BAD_FRAME' }, 'a window sent a binary frame: ignored');
    });
    const failInFlight = () => {
      for (const id of inFlight)
        refuse(id, 'CONSOLE_DISCONNECTED', `Lost the host ${hostLabel} before it answered`);
      inFlight.clear();
    };

    const dropSocket = () => {
      const ws = socket;
      socket = null;
      if (!ws) return;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === ws.CONNECTING || ws.readyState === ws.OPEN) ws.terminate();
    };

    const markRevoked = () => {
      if (ended || state === 'revoked') return;
      clock.clearTimeout(retry);
      dropSocket();
      failInFlight();
      announce('revoked');
    };

    const scheduleRetry = () => {
      if (ended || state === 'revoked') return;
      const delayMs = retryDelayMs(attempt++);
      announce('lost', delayMs);
      retry = clock.setTimeout(open, delayMs);
    };

    const onGone = (why: { statusCode?: number; closeCode?: number; error?: string }) => {
      if (ended) return;
      dropSocket();
      failInFlight();
      if (why.statusCode === 403 || why.statusCode === 401 || why.closeCode === REVOKED_CLOSE_CODE) {
        log.warn({ code: 'TEAM_ACCESS_REVOKED', ...why }, 'the host refused this teammate');
        this.revokeAll();
        return;
      }
      if (state !== 'lost') log.warn({ code: 'TEAM_HOST_LOST', ...why }, 'lost the team host: retrying');
      scheduleRetry();
    };

    function open(): void {
      retry = undefined;
      if (ended) return;
      let ws: WebSocket;
      try {
        ws = connect(team);
      } catch (err) {
        onGone({ error: String(err) });
        return;
      }
      socket = ws;
      ws.on('open', () => {
        attempt = 0;
        log.info({ host: team.hostAddress }, 'connected to the team host');
        announce('online');
      });
      ws.on('message', (data, isBinary) => {
        if (isBinary) return forwardFrame(data);
        let message: Partial<WireMessage> | null;
        try {
          message = JSON.parse(data.toString()) as Partial<WireMessage> | null;
        } catch {
          log.warn('the host sent text that is not JSON: ignored');
          return;
        }
        if (message?.type === 'res' && typeof message.id === 'number') inFlight.delete(message.id);
        else if (message?.type !== 'evt') return;
        pipe.send(message);
      });
      ws.on('unexpected-response', (_req, res) => onGone({ statusCode: res.statusCode }));
      ws.on('error', (err) => onGone({ error: err.message }));
      ws.on('close', (closeCode) => onGone({ closeCode }));
    }

    const offMessage = pipe.onMessage((raw) => {
      const m = raw as Partial<WireMessage> | null;
      if (m?.type !== 'cmd' || typeof m.id !== 'number' || typeof m.name !== 'string') return;
      if (state === 'revoked')
        return refuse(m.id, 'TEAM_REVOKED', `The host ${hostLabel} revoked this computer’s access`);
      if (!socket || socket.readyState !== socket.OPEN)
        return refuse(m.id, 'CONSOLE_DISCONNECTED', `Not connected to the host ${hostLabel} — retrying`);
      inFlight.add(m.id);
      socket.send(JSON.stringify({ type: 'cmd', id: m.id, name: m.name, args: m.args ?? {} }));
    });

    const end = () => {
      if (ended) return;
      ended = true;
      offMessage();
      offBinary();
      offClose();
      clock.clearTimeout(retry);
      dropSocket();
      this.links.delete(link);
    };
    const link = { close: end, revoke: markRevoked };
    const offClose = pipe.onClose(end);
    this.links.add(link);

    if (this.revokedByHost) announce('revoked');
    else {
      announce('connecting');
      open();
    }
    return end;
  }

  /** Stops relaying every window (leaving the team, or the app quitting). */
  close(): void {
    this.closed = true;
    for (const link of [...this.links]) link.close();
  }

  private revokeAll(): void {
    this.revokedByHost = true;
    for (const link of [...this.links]) link.revoke();
  }
}

function bytesOf(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
