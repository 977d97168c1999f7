// Which team host this computer joined as a teammate: the host's address and name, the certificate
// pinned at pairing, this teammate's agent id, and the agent token — the token sealed with safeStorage
// (secrets.ts SafeStorageLike), never kept in clear. One 0600 file in Electron's userData folder.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { SautiError, writePrivateJson, type Log, type JoinedTeam } from '../bridge/desktop';
import type { SafeStorageLike } from './secrets';

export const JOINED_TEAM_FILE_NAME = 'joined-team.json';

interface StoredTeam {
  readonly version: 1;
  readonly hostAddress: string;
  readonly hostName?: string;
  readonly agentId: string;
  readonly certPem: string;
  readonly fingerprint: string;
  /** base64 of safeStorage.encryptString(token). */
  readonly sealedToken: string;
}

const isText = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

export class JoinedTeamFile {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly safeStorage: SafeStorageLike,
    private readonly log: Log,
  ) {
    this.file = path.join(dir, JOINED_TEAM_FILE_NAME);
  }

  /** The team this computer is on, or null (its own console). A record that cannot be read is logged and ignored. */
  load(): JoinedTeam | null {
    if (!existsSync(this.file)) return null;
    let stored: Partial<StoredTeam>;
    try {
      stored = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<StoredTeam>;
    } catch {
      this.log.warn({ code: 'TEAM_JOINED_FILE_INVALID' }, 'the joined-team record is damaged: ignored');
      return null;
    }
    if (
      stored.version !== 1 ||
      !isText(stored.hostAddress, 300) ||
      !isText(stored.agentId, 64) ||
      !isText(stored.certPem, 20_000) ||
      !isText(stored.fingerprint, 64) ||
      !isText(stored.sealedToken, 4096)
    ) {
      this.log.warn({ code: 'TEAM_JOINED_FILE_INVALID' }, 'the joined-team record is incomplete: ignored');
      return null;
    }
    if (!this.safeStorage.isEncryptionAvailable()) {
      this.log.warn(
        { code: 'SECRETS_UNAVAILABLE' },
        'the team token cannot be read: the system keyring is not available',
      );
      return null;
    }
    let token: string;
    try {
      token = this.safeStorage.decryptString(Buffer.from(stored.sealedToken, 'base64'));
    } catch {
      this.log.warn({ code: 'SECRETS_UNREADABLE' }, 'the team token could not be decrypted: join again');
      return null;
    }
    return {
      hostAddress: stored.hostAddress,
      hostName: isText(stored.hostName, 100) ? stored.hostName : undefined,
      agentId: stored.agentId,
      certPem: stored.certPem,
      fingerprint: stored.fingerprint,
      token,
    };
  }

  /** Keeps the team; throws SECRETS_UNAVAILABLE rather than write the token in clear. */
  save(team: JoinedTeam): void {
    if (!this.safeStorage.isEncryptionAvailable())
      throw new SautiError(
        'SECRETS_UNAVAILABLE',
        'The system keyring is not available, so the team token cannot be stored safely on this computer.',
      );
    const stored: StoredTeam = {
      version: 1,
      hostAddress: team.hostAddress,
      hostName: team.hostName,
      agentId: team.agentId,
      certPem: team.certPem,
      fingerprint: team.fingerprint,
      sealedToken: this.safeStorage.encryptString(team.token).toString('base64'),
    };
    writePrivateJson(this.file, stored, 2);
    this.log.info({ host: team.hostAddress, agentId: team.agentId }, 'joined a team');
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
