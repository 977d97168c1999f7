// Per-agent tokens for teammates: random, shown to the teammate once at pairing, kept on the host only
// as a SHA-256 hash beside the teammate's name and number (DATA_DIR/team.json, mode 0600). Revoking
// one is immediate: the next check fails and open consoles of that agent are closed by the caller.
// The file is read and checked once, then kept in memory (only this class writes it): a file damaged
// on disk is found when hosting starts, never in the middle of a teammate's connection.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SautiError } from '../base/errors';

export interface Teammate {
  readonly agentId: string;
  readonly name: string;
  readonly number: string;
  readonly pairedAtMs: number;
  readonly tokenHash: string;
  readonly revoked: boolean;
}

export interface TeamRecordFile {
  /** Where the record lives, for messages. */
  readonly file: string;
  read(): { teammates: Teammate[] };
  write(value: { teammates: Teammate[] }): void;
  /** Renames a damaged record out of the way (kept for inspection); returns its new path. */
  setAside(): string;
}

const teammateSchema = z.object({
  agentId: z.string().min(1),
  name: z.string(),
  number: z.string(),
  pairedAtMs: z.number(),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  revoked: z.boolean(),
});
const recordSchema = z.object({ teammates: z.array(teammateSchema) });

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export type TeamRecordState =
  | { readonly ok: true; readonly teammates: readonly Teammate[] }
  | { readonly ok: false; readonly problem: string };

export class AgentTokens {
  private teammates: Teammate[] | null = null;

  constructor(private readonly record: TeamRecordFile) {}

  /** The record as read (once) from disk, or why it cannot be used, in plain words. */
  state(): TeamRecordState {
    if (this.teammates) return { ok: true, teammates: this.teammates };
    let raw: unknown;
    try {
      raw = this.record.read();
    } catch {
      return { ok: false, problem: damaged(this.record.file, 'it is not valid JSON') };
    }
    const parsed = recordSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, problem: damaged(this.record.file, 'it does not hold a list of teammates') };
    this.teammates = parsed.data.teammates;
    return { ok: true, teammates: this.teammates };
  }

  /** Moves a damaged record aside and starts an empty team; returns where the old file went. */
  startFresh(): string {
    const aside = this.record.setAside();
    this.teammates = [];
    this.record.write({ teammates: [] });
    return aside;
  }

  issue(input: { agentId: string; name: string; number: string; nowMs: number }): string {
    const token = `sat_${randomBytes(32).toString('base64url')}`;
    const teammates = this.loaded().filter((t) => t.agentId !== input.agentId);
    teammates.push({
      agentId: input.agentId,
      name: input.name,
      number: input.number,
      pairedAtMs: input.nowMs,
      tokenHash: hash(token),
      revoked: false,
    });
    this.save(teammates);
    return token;
  }

  /** The teammate a token belongs to, or why not. */
  verify(
    token: string | undefined,
  ): { ok: true; teammate: Teammate } | { ok: false; reason: 'missing' | 'unknown' | 'revoked' } {
    if (!token) return { ok: false, reason: 'missing' };
    const h = Buffer.from(hash(token), 'hex');
    for (const t of this.loaded()) {
      if (timingSafeEqual(Buffer.from(t.tokenHash, 'hex'), h))
        return t.revoked ? { ok: false, reason: 'revoked' } : { ok: true, teammate: t };
    }
    return { ok: false, reason: 'unknown' };
  }

  /** The teammate record (revoked or not) of an agent, if they ever paired. */
  find(agentId: string): Teammate | undefined {
    return this.loaded().find((t) => t.agentId === agentId);
  }

  revoke(agentId: string): boolean {
    const all = this.loaded();
    const found = all.find((t) => t.agentId === agentId && !t.revoked);
    if (!found) return false;
    this.save(all.map((t) => (t.agentId === agentId ? { ...t, revoked: true } : t)));
    return true;
  }

  private loaded(): Teammate[] {
    const s = this.state();
    if (!s.ok) throw new SautiError('TEAM_RECORD_DAMAGED', s.problem);
    return [...s.teammates];
  }

  /** Disk first: a write that fails leaves memory as it was. */
  private save(teammates: Teammate[]): void {
    this.record.write({ teammates });
    this.teammates = teammates;
  }
}

function damaged(file: string, why: string): string {
  return (
    `The team's list of paired teammates (${file}) is damaged: ${why}. Team hosting stays off. ` +
    'Turning on “Host a team” starts a new list (the damaged file is kept beside it) and teammates pair again.'
  );
}
