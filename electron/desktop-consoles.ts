// Which console the desktop app's windows show: this computer's own core (it answers calls), or — after
// "Join a team" — a team host's, relayed by main (then no core runs here: no public listener, no number
// routing). Every window pipe, and main's own view for the tray, attaches here. Main answers team.join
// and team.leave itself (the token is main's to keep), then moves every attached pipe to the other
// console without closing it; each window hears `link.changed` (connecting → local / online) and
// reloads its board.
import {
  badArgsMessage,
  commandSchemas,
  toE164,
  SautiError,
  type HostLinkView,
  type JoinedView,
  type WireMessage,
  type Pipe,
  type StartedCore,
  type Log,
  type JoinedTeam,
} from '../bridge/desktop';
import type { ConsoleHost } from './core-events';

/** This computer's own core, as the shell runs it. */
export interface LocalCore extends ConsoleHost {
  stop(): Promise<void>;
  /** Why joining another team now would drop calls (team-features.ts joinBlocker). */
  readonly team?: { joinBlocker(): string | null };
}

/** The relay to a team host (bridge/team/host-relay.ts HostRelay). */
export interface TeamRelay {
  attachConsole(pipe: Pipe): () => void;
  close(): void;
}

export interface JoinInput {
  readonly address: string;
  readonly code: string;
  readonly name: string;
  readonly number: string;
}

export interface DesktopConsolesDeps {
  readonly log: Log;
  /** Creates and starts this computer's own core. */
  readonly startLocal: () => Promise<{ core: LocalCore; started: StartedCore }>;
  /** Where the joined team is kept (joined-team-file.ts: the token sealed with safeStorage). */
  readonly joined: { load(): JoinedTeam | null; save(team: JoinedTeam): void; clear(): void };
  readonly pair: (input: JoinInput) => Promise<JoinedTeam>;
  /** Tells the host this teammate leaves; false when it could not be reached. */
  readonly leaveHost: (team: JoinedTeam) => Promise<boolean>;
  readonly createRelay: (team: JoinedTeam) => TeamRelay;
  /** The own core did not start again after leaving a team (shown like a failed start). */
  readonly localStartFailed: (err: unknown) => void;
}

type Source =
  | { readonly kind: 'local'; readonly core: LocalCore; readonly started: StartedCore }
  | { readonly kind: 'joined'; readonly team: JoinedTeam; readonly relay: TeamRelay }
  | { readonly kind: 'switching' };

interface Attached {
  readonly pipe: Pipe;
  /** Detaches the pipe from the current console (not from main). */
  release: (() => void) | null;
}

const LOCAL_LINK: HostLinkView = { state: 'local', message: 'This computer’s own console' };
const SWITCHING_LINK: HostLinkView = { state: 'connecting', message: 'Switching consoles…' };

type Command = { type: 'cmd'; id: number; name: string; args?: unknown };
const isCommand = (m: unknown): m is Command => {
  const c = m as Partial<Command> | null;
  return c?.type === 'cmd' && typeof c.id === 'number' && typeof c.name === 'string';
};

export class DesktopConsoles implements ConsoleHost {
  private source: Source = { kind: 'switching' };
  private readonly attached = new Set<Attached>();

  constructor(private readonly deps: DesktopConsolesDeps) {}

  /** The core answering calls here, and where it listens; null while on another team. */
  get local(): { core: LocalCore; started: StartedCore } | null {
    return this.source.kind === 'local' ? { core: this.source.core, started: this.source.started } : null;
  }

  get joinedTeam(): JoinedTeam | null {
    return this.source.kind === 'joined' ? this.source.team : null;
  }

  /** Starts on the team this computer joined, or its own core (whose start errors are thrown). */
  async start(): Promise<void> {
    const team = this.deps.joined.load();
    if (team) {
      this.deps.log.info(
        { host: team.hostAddress },
        'on a team: showing the host’s console, not answering calls here',
      );
      this.source = { kind: 'joined', team, relay: this.deps.createRelay(team) };
    } else {
      const { core, started } = await this.deps.startLocal();
      this.source = { kind: 'local', core, started };
    }
    for (const entry of this.attached) this.connect(entry);
  }

  /** Stops whichever console runs: the core, or the relay. */
  async stop(): Promise<void> {
    const source = this.source;
    this.source = { kind: 'switching' };
    for (const entry of this.attached) this.release(entry);
    if (source.kind === 'joined') source.relay.close();
    if (source.kind === 'local') await source.core.stop();
  }

  attachConsole(pipe: Pipe): () => void {
    const entry: Attached = { pipe, release: null };
    this.attached.add(entry);
    const offCommands = pipe.onMessage((m) => {
      if (isCommand(m) && this.intercepts(m)) void this.answer(entry, m);
    });
    const detach = () => {
      offCommands();
      offClose();
      this.release(entry);
      this.attached.delete(entry);
    };
    const offClose = pipe.onClose(detach);
    this.connect(entry);
    return detach;
  }

  private intercepts(m: Command): boolean {
    if (m.name === 'team.join') return true;
    if (m.name === 'team.leave') return this.source.kind === 'joined';
    return this.source.kind === 'switching';
  }

  private async answer(entry: Attached, m: Command): Promise<void> {
    const reply = (result: WireMessage & { type: 'res' }) => entry.pipe.send(result);
    try {
      if (m.name === 'team.join') {
        const team = await this.join(m.args);
        // The window learns where it is now, never the token.
        const value: JoinedView = {
          hostAddress: team.hostAddress,
          hostName: team.hostName,
          agentId: team.agentId,
        };
        reply({ type: 'res', id: m.id, result: { ok: true, value } });
        void this.switchTo(async () => ({ kind: 'joined', team, relay: this.deps.createRelay(team) }));
      } else if (m.name === 'team.leave' && this.source.kind === 'joined') {
        const team = this.source.team;
        reply({ type: 'res', id: m.id, result: { ok: true, value: { left: true } } });
        void this.switchTo(async () => {
          const told = await this.deps.leaveHost(team);
          this.deps.joined.clear();
          this.deps.log.info({ host: team.hostAddress, hostTold: told }, 'left the team');
          const { core, started } = await this.deps.startLocal();
          return { kind: 'local', core, started };
        });
      } else {
        throw new SautiError('CONSOLE_DISCONNECTED', 'Switching consoles: try again in a moment', {
          retryable: true,
        });
      }
    } catch (err) {
      const e =
        err instanceof SautiError ? err : new SautiError('TEAM_JOIN_FAILED', 'Joining the team failed');
      if (!(err instanceof SautiError)) this.deps.log.error({ err: String(err) }, 'joining a team failed');
      reply({
        type: 'res',
        id: m.id,
        result: { ok: false, error: { code: e.code, message: e.message, retryable: e.retryable } },
      });
    }
  }

  /** Pairs with the host and keeps the team (its token sealed). */
  private async join(args: unknown): Promise<JoinedTeam> {
    const parsed = commandSchemas['team.join'].safeParse(args ?? {});
    if (!parsed.success) throw new SautiError('API_BAD_ARGS', badArgsMessage('team.join', parsed.error));
    const source = this.source;
    if (source.kind === 'switching')
      throw new SautiError('TEAM_BUSY', 'Switching consoles: try again in a moment');
    if (source.kind === 'joined')
      throw new SautiError(
        'TEAM_ALREADY_JOINED',
        `This computer is already on the team of ${source.team.hostName ?? source.team.hostAddress}. Leave it first.`,
      );
    // The number as typed (0712 345 678, +254…) is checked here first, so a typo is named before anything else.
    const number = toE164(parsed.data.number);
    const blocker = source.core.team?.joinBlocker() ?? null;
    if (blocker) throw new SautiError('TEAM_JOIN_BLOCKED', blocker);
    const team = await this.deps.pair({ ...parsed.data, number });
    try {
      this.deps.joined.save(team);
    } catch (err) {
      // The host made a token we cannot keep safely: give it back rather than leave it dangling.
      void this.deps.leaveHost(team);
      throw err;
    }
    return team;
  }

  private async switchTo(next: () => Promise<Source>): Promise<void> {
    const previous = this.source;
    this.source = { kind: 'switching' };
    for (const entry of this.attached) {
      this.release(entry);
      entry.pipe.send(linkEvent(SWITCHING_LINK));
    }
    try {
      if (previous.kind === 'joined') previous.relay.close();
      if (previous.kind === 'local') await previous.core.stop();
    } catch (err) {
      this.deps.log.error({ code: 'SHELL_CORE_STOP_FAILED', err: String(err) }, 'core did not stop cleanly');
    }
    try {
      this.source = await next();
    } catch (err) {
      this.deps.log.error({ err: String(err) }, 'could not switch consoles');
      this.deps.localStartFailed(err);
      return;
    }
    for (const entry of this.attached) this.connect(entry);
  }

  /** Attaches one pipe to the current console through a scope that can be taken back whole. */
  private connect(entry: Attached): void {
    const source = this.source;
    if (source.kind === 'switching') return;
    const offs: Array<() => void> = [];
    const scoped: Pipe = {
      send: (message) => entry.pipe.send(message),
      onMessage: (listener) => {
        const off = entry.pipe.onMessage((m) => {
          if (!(isCommand(m) && this.intercepts(m))) listener(m);
        });
        offs.push(off);
        return off;
      },
      sendBinary: (frame) => entry.pipe.sendBinary(frame),
      onBinary: (listener) => {
        const off = entry.pipe.onBinary(listener);
        offs.push(off);
        return off;
      },
      onClose: (listener) => {
        const off = entry.pipe.onClose(listener);
        offs.push(off);
        return off;
      },
      close: () => entry.pipe.close(),
    };
    const detach =
      source.kind === 'local' ? source.core.attachConsole(scoped, {}) : source.relay.attachConsole(scoped);
    if (source.kind === 'local') entry.pipe.send(linkEvent(LOCAL_LINK));
    entry.release = () => {
      detach();
      for (const off of offs) off();
    };
  }

  private release(entry: Attached): void {
    const release = entry.release;
    entry.release = null;
    release?.();
  }
}

function linkEvent(data: HostLinkView): WireMessage {
  return { type: 'evt', name: 'link.changed', data };
}
