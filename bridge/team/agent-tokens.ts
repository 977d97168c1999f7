// Per-agent tokens for teammates: random, shown to the teammate once at pairing, kept on the host only
// as a SHA-256 hash beside the teammate's name and number (DATA_DIR/team.json, mode 0600). Revoking
// one is immediate: the next check fails and open consoles of that agent are closed by the caller.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Teammate {
  readonly agentId: string;
  readonly name: string;
  readonly number: string;
  readonly pairedAtMs: number;
  readonly tokenHash: string;
  readonly revoked: boolean;
}

export interface TeamRecordFile {
  read(): { teammates: Teammate[] };
  write(value: { teammates: Teammate[] }): void;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export class AgentTokens {
  constructor(private readonly record: TeamRecordFile) {}

  list(): Teammate[] {
    return this.record.read().teammates.filter((t) => !t.revoked);
  }

  issue(input: { agentId: string; name: string; number: string; nowMs: number }): string {
    const token = `sat_${randomBytes(32).toString('base64url')}`;
    const teammates = this.record.read().teammates.filter((t) => t.agentId !== input.agentId);
    teammates.push({
      agentId: input.agentId,
      name: input.name,
      number: input.number,
      pairedAtMs: input.nowMs,
      tokenHash: hash(token),
      revoked: false,
    });
    this.record.write({ teammates });
    return token;
  }

  /** The teammate a token belongs to, or why not. */
  verify(
    token: string | undefined,
  ): { ok: true; teammate: Teammate } | { ok: false; reason: 'missing' | 'unknown' | 'revoked' } {
    if (!token) return { ok: false, reason: 'missing' };
    const h = Buffer.from(hash(token), 'hex');
    for (const t of this.record.read().teammates) {
      if (timingSafeEqual(Buffer.from(t.tokenHash, 'hex'), h))
        return t.revoked ? { ok: false, reason: 'revoked' } : { ok: true, teammate: t };
    }
    return { ok: false, reason: 'unknown' };
  }

  revoke(agentId: string): boolean {
    const all = this.record.read().teammates;
    const found = all.find((t) => t.agentId === agentId && !t.revoked);
    if (!found) return false;
    this.record.write({ teammates: all.map((t) => (t.agentId === agentId ? { ...t, revoked: true } : t)) });
    return true;
  }
}
