import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JoinedTeam } from '../../../bridge/team/join-team';
import { JOINED_TEAM_FILE_NAME, JoinedTeamFile } from '../../../electron/joined-team-file';
import type { SafeStorageLike } from '../../../electron/secrets';
import { captureLog } from '../../harness/capture-log';

const TEAM: JoinedTeam = {
  hostAddress: 'https://192.168.1.20:8443',
  hostName: 'amina-laptop',
  agentId: 'ag-7',
  token: 'sat_secret_token_value',
  certPem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  fingerprint: 'ab'.repeat(32),
};

/** safeStorage stand-in: reversible, but never the plain text. */
function fakeSafeStorage(available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (s) => Buffer.from(`sealed(${Buffer.from(s).reverse().toString('hex')})`),
    decryptString: (b) => {
      const m = /^sealed\(([0-9a-f]*)\)$/.exec(b.toString());
      if (!m) throw new Error('cannot decrypt');
      return Buffer.from(m[1]!, 'hex').reverse().toString();
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-joined-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('JoinedTeamFile', () => {
  it('keeps the team with the token sealed by safeStorage, in a 0600 file', () => {
    const captured = captureLog();
    const file = new JoinedTeamFile(dir, fakeSafeStorage(), captured.log);
    expect(file.load()).toBeNull();
    file.save(TEAM);
    const onDisk = readFileSync(path.join(dir, JOINED_TEAM_FILE_NAME), 'utf8');
    expect(onDisk).not.toContain(TEAM.token);
    expect(onDisk).toContain(TEAM.fingerprint);
    if (process.platform !== 'win32')
      expect(statSync(path.join(dir, JOINED_TEAM_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(new JoinedTeamFile(dir, fakeSafeStorage(), captured.log).load()).toEqual(TEAM);
    expect(captured.text()).not.toContain(TEAM.token);
    file.clear();
    expect(file.load()).toBeNull();
  });

  it('refuses to keep the token without a keyring, and cannot read one back without it', () => {
    const { log } = captureLog();
    expect(() => new JoinedTeamFile(dir, fakeSafeStorage(false), log).save(TEAM)).toThrow(
      expect.objectContaining({ code: 'SECRETS_UNAVAILABLE' }),
    );
    new JoinedTeamFile(dir, fakeSafeStorage(), log).save(TEAM);
    const captured = captureLog();
    expect(new JoinedTeamFile(dir, fakeSafeStorage(false), captured.log).load()).toBeNull();
    expect(captured.lines.map((l) => l.code)).toContain('SECRETS_UNAVAILABLE');
  });

  it('ignores a damaged, incomplete or undecryptable record (the app starts on its own console)', () => {
    const file = path.join(dir, JOINED_TEAM_FILE_NAME);
    const captured = captureLog();
    const joined = new JoinedTeamFile(dir, fakeSafeStorage(), captured.log);
    writeFileSync(file, '{not json');
    expect(joined.load()).toBeNull();
    writeFileSync(file, JSON.stringify({ version: 1, hostAddress: TEAM.hostAddress }));
    expect(joined.load()).toBeNull();
    joined.save(TEAM);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      file,
      JSON.stringify({ ...stored, sealedToken: Buffer.from('garbage').toString('base64') }),
    );
    expect(joined.load()).toBeNull();
    expect(captured.lines.map((l) => l.code).filter(Boolean)).toEqual([
      'TEAM_JOINED_FILE_INVALID',
      'TEAM_JOINED_FILE_INVALID',
      'SECRETS_UNREADABLE',
    ]);
  });
});
