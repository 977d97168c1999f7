// Team mode on the host: pairing codes, per-agent tokens, the TLS LAN listener and the roster entry
// each teammate becomes (so Take over on their window dials their own number).
import { hostname, networkInterfaces } from 'node:os';
import { toE164 } from '../base/phone-number';
import type { Clock } from '../base/clock';
import { SautiError } from '../base/errors';
import type { Log } from '../base/log';
import { describeFault } from '../base/process-guard';
import type { Pipe } from '../console/pipe';
import type { PairingCodeView, TeamView } from '../api/contract';
import { AgentTokens, type TeamRecordFile } from './agent-tokens';
import { formatFingerprint, loadOrCreateHostCertificate, type HostCertificate } from './host-certificate';
import { REVOKED_CLOSE_CODE } from './host-relay';
import { LEFT_CLOSE_CODE } from './join-team';
import { startLanListener, type LanListener, type PairOutcome, type PairRequest } from './lan-listener';
import { displayCode, PairingCodes, proofFromKey, type MatchResult } from './pairing-codes';
import type { SecretStore } from '../base/secret-store';

export interface TeamHostDeps {
  readonly clock: Clock;
  readonly log: Log;
  readonly secrets: SecretStore;
  readonly record: TeamRecordFile;
  readonly host: string;
  readonly port: number;
  readonly codeTtlMs: number;
  readonly rendererDir: string;
  /** Adds (or finds) the teammate on the agents roster; returns its agent id. */
  readonly enroll: (teammate: { name: string; number: string }) => Promise<string>;
  /** The roster agent who answers on this (E.164) number, if any. */
  readonly agentByNumber: (number: string) => { id: string; name: string } | undefined;
  /** Takes a revoked teammate out of the hunt. */
  readonly retire: (agentId: string) => Promise<void>;
  readonly attach: (pipe: Pipe, identity: { agentId: string }) => () => void;
  readonly changed: () => void;
  /** Whether "Host a team" is on, kept so teammates can reconnect after the host restarts. */
  readonly hostingRecord?: { read(): { hosting?: boolean }; write(value: { hosting: boolean }): void };
  /** The name teammates see for this laptop (its computer name unless given). */
  readonly hostName?: string;
}

export class TeamHost {
  private readonly codes: PairingCodes;
  private readonly tokens: AgentTokens;
  private listener: LanListener | null = null;
  private certificate: HostCertificate | null = null;

  constructor(private readonly deps: TeamHostDeps) {
    this.codes = new PairingCodes(deps.clock, deps.codeTtlMs);
    this.tokens = new AgentTokens(deps.record);
  }

  get hosting(): boolean {
    return this.listener !== null;
  }

  get lanPort(): number | null {
    return this.listener?.port ?? null;
  }

  get hostName(): string {
    return this.deps.hostName ?? hostname();
  }

  /** Turns hosting back on at start when it was on when the app last ran (and its records are sound). */
  async resume(): Promise<void> {
    let wasHosting = false;
    try {
      wasHosting = this.deps.hostingRecord?.read().hosting === true;
    } catch (err) {
      this.deps.log.error(
        { code: 'TEAM_HOSTING_RECORD_DAMAGED', ...describeFault(err) },
        'could not read whether this computer hosted a team: hosting stays off until it is turned on',
      );
    }
    if (!wasHosting) return;
    const record = this.tokens.state();
    if (!record.ok) {
      // Teammates' tokens cannot be checked: hosting stays off rather than guessing who may come in.
      this.deps.log.error(
        { code: 'TEAM_RECORD_DAMAGED', file: this.deps.record.file },
        'the team record is damaged: team hosting stays off (the team panel says how to start a new one)',
      );
      return;
    }
    try {
      await this.setHosting(true);
    } catch (err) {
      this.deps.log.error(
        { code: 'TEAM_LISTENER_FAILED', port: this.deps.port, err: String(err) },
        'could not resume hosting the team: teammates cannot connect until it is turned on again',
      );
    }
  }

  async setHosting(on: boolean): Promise<void> {
    if (on && !this.listener) {
      if (!this.tokens.state().ok) {
        const aside = this.tokens.startFresh();
        this.deps.log.warn(
          { code: 'TEAM_RECORD_SET_ASIDE', file: this.deps.record.file, aside },
          'the damaged team record was set aside: a new, empty team starts',
        );
      }
      this.certificate = await loadOrCreateHostCertificate(this.deps.secrets, this.deps.clock.epochMs());
      this.listener = await startLanListener({
        host: this.deps.host,
        port: this.deps.port,
        certificate: this.certificate,
        rendererDir: this.deps.rendererDir,
        log: this.deps.log,
        clock: this.deps.clock,
        pair: (request, remote) => this.pair(request, remote),
        authenticate: (token) => {
          const v = this.tokens.verify(token);
          return v.ok ? { ok: true, agentId: v.teammate.agentId } : { ok: false, reason: v.reason };
        },
        attach: (pipe, identity) => {
          const detach = this.deps.attach(pipe, identity);
          queueMicrotask(() => this.deps.changed());
          return () => {
            detach();
            queueMicrotask(() => this.deps.changed());
          };
        },
      });
    } else if (!on && this.listener) {
      const l = this.listener;
      this.listener = null;
      await l.close();
    }
    this.deps.hostingRecord?.write({ hosting: on });
    this.deps.changed();
  }

  issueCode(): PairingCodeView {
    if (!this.listener || !this.certificate)
      throw new SautiError('TEAM_NOT_HOSTING', 'Turn on "Host a team" first.');
    const { code, expiresAtMs } = this.codes.issue();
    this.deps.log.info({ expiresAtMs }, 'pairing code issued');
    return {
      code: displayCode(code),
      expiresAtMs,
      addresses: this.addresses(),
      fingerprint: formatFingerprint(this.certificate.fingerprint),
    };
  }

  async revoke(agentId: string): Promise<void> {
    await this.retire(agentId, REVOKED_CLOSE_CODE, 'revoked by the host');
    this.deps.log.info({ agentId }, 'teammate revoked');
    this.deps.changed();
  }

  /** A teammate leaves the team from their own window: their token stops working, like a revoke. */
  async leave(agentId: string): Promise<void> {
    await this.retire(agentId, LEFT_CLOSE_CODE, 'left the team');
    this.deps.log.info({ agentId }, 'teammate left the team');
    this.deps.changed();
  }

  private async retire(agentId: string, closeCode: number, reason: string): Promise<void> {
    if (!this.tokens.revoke(agentId))
      throw new SautiError('TEAM_NOT_A_TEAMMATE', 'That agent is not a paired teammate.');
    this.listener?.disconnect(agentId, closeCode, reason);
    await this.deps
      .retire(agentId)
      .catch((err: unknown) =>
        this.deps.log.warn(
          { agentId, err: String(err) },
          'could not take a revoked teammate out of the hunt',
        ),
      );
  }

  view(you?: { agentId: string; name: string }): TeamView {
    const online = this.listener?.connectedAgents() ?? new Set<string>();
    const record = this.tokens.state();
    return {
      hosting: this.hosting,
      addresses: this.addresses(),
      fingerprint: this.certificate ? formatFingerprint(this.certificate.fingerprint) : undefined,
      problem: record.ok ? undefined : record.problem,
      teammates: (record.ok ? record.teammates.filter((t) => !t.revoked) : []).map((t) => ({
        agentId: t.agentId,
        name: t.name,
        number: t.number,
        pairedAtMs: t.pairedAtMs,
        online: online.has(t.agentId),
      })),
      you,
    };
  }

  teammate(agentId: string | undefined): { agentId: string; name: string } | undefined {
    const record = this.tokens.state();
    const t =
      agentId && record.ok ? record.teammates.find((x) => x.agentId === agentId && !x.revoked) : undefined;
    return t ? { agentId: t.agentId, name: t.name } : undefined;
  }

  async stop(): Promise<void> {
    const l = this.listener;
    this.listener = null;
    await l?.close();
  }

  private addresses(): string[] {
    const port = this.listener?.port ?? this.deps.port;
    if (this.deps.host !== '0.0.0.0' && this.deps.host !== '::') return [`${this.deps.host}:${port}`];
    const out: string[] = [];
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`${a.address}:${port}`);
    }
    return out.length > 0 ? out : [`127.0.0.1:${port}`];
  }

  private async pair(request: PairRequest, remote: string): Promise<PairOutcome> {
    const certificate = this.certificate;
    if (!certificate)
      return {
        ok: false,
        status: 503,
        code: 'TEAM_NOT_HOSTING',
        message: 'The host is not accepting teammates right now',
      };
    if (!request.name) return { ok: false, status: 400, code: 'TEAM_BAD_NAME', message: 'Enter your name' };
    let number: string;
    try {
      number = toE164(request.number);
    } catch (err) {
      return {
        ok: false,
        status: 400,
        code: 'TEAM_BAD_NUMBER',
        message: err instanceof SautiError ? err.message : 'Enter your phone number like 0712 345 678',
      };
    }
    const match: MatchResult =
      request.proof && request.nonce
        ? await this.codes.matchProof(request.proof, certificate.fingerprint, request.nonce)
        : request.code
          ? await this.codes.matchCode(request.code)
          : { ok: false, reason: 'wrong' };
    if (!match.ok) return this.refused(match.reason, remote);
    // Checked before the code is used up, so a teammate who typed the wrong number can try again.
    const taken = this.numberTaken(number);
    if (taken) {
      this.deps.log.warn({ code: 'TEAM_NUMBER_TAKEN', remote }, 'pairing refused: the number is taken');
      return { ok: false, status: 409, code: 'TEAM_NUMBER_TAKEN', message: taken };
    }
    if (!this.codes.consume(match.code)) return this.refused('wrong', remote);
    let agentId: string;
    try {
      agentId = await this.deps.enroll({ name: request.name, number });
    } catch (err) {
      return {
        ok: false,
        status: 400,
        code: 'TEAM_ENROLL_FAILED',
        message: err instanceof Error ? err.message : 'Could not add you to the roster',
      };
    }
    const token = this.tokens.issue({
      agentId,
      name: request.name,
      number,
      nowMs: this.deps.clock.epochMs(),
    });
    this.deps.log.info({ agentId }, 'teammate paired');
    this.deps.changed();
    const proof =
      request.proof && request.nonce
        ? proofFromKey(match.key, 'host', certificate.fingerprint, request.nonce)
        : undefined;
    return { ok: true, agentId, token, hostProof: proof, hostName: this.hostName };
  }

  /**
   * Why this number cannot be paired, in plain words; null when it is free. Pairing with another
   * agent's number would hand their calls (and their roster entry) to whoever holds the code. A
   * teammate who was revoked or left may come back on their own number.
   */
  private numberTaken(number: string): string | null {
    const owner = this.deps.agentByNumber(number);
    if (!owner) return null;
    const teammate = this.tokens.find(owner.id);
    if (teammate?.revoked) return null;
    if (teammate)
      return `${number} is already paired (${owner.name}). To pair a new device, ask the host to revoke the old one first.`;
    return `${number} already belongs to ${owner.name} on this team's agent list. Enter your own number, or ask the host to change that agent first.`;
  }

  private refused(reason: 'wrong' | 'expired' | 'locked', remote: string): PairOutcome {
    this.deps.log.warn({ code: 'TEAM_PAIR_REFUSED', reason, remote }, 'pairing refused');
    const message =
      reason === 'expired'
        ? 'That pairing code has expired. Ask the host for a new one.'
        : reason === 'locked'
          ? 'Too many wrong codes. Ask the host for a new one.'
          : 'That pairing code is not right (or was already used). Check it with the host.';
    return {
      ok: false,
      status: 403,
      code: reason === 'expired' ? 'TEAM_CODE_EXPIRED' : 'TEAM_CODE_WRONG',
      message,
    };
  }
}
