import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentTokens, type Teammate } from '../../../bridge/team/agent-tokens';
import { createFileSecretStore, createJsonRecord } from '../../../bridge/base/secret-store';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sauti-team-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('agent tokens', () => {
  it('keep only a hash on disk, verify, and stop working once revoked', () => {
    const dir = tmp();
    const tokens = new AgentTokens(
      createJsonRecord<{ teammates: Teammate[] }>(dir, 'team.json', () => ({ teammates: [] })),
    );
    const token = tokens.issue({ agentId: 'a1', name: 'Wanjiru', number: '+254711000111', nowMs: 1 });
    const file = readFileSync(path.join(dir, 'team.json'), 'utf8');
    expect(file).not.toContain(token);
    expect(statSync(path.join(dir, 'team.json')).mode & 0o077).toBe(0);
    expect(tokens.verify(token)).toMatchObject({ ok: true, teammate: { agentId: 'a1' } });
    expect(tokens.verify('sat_other')).toEqual({ ok: false, reason: 'unknown' });
    expect(tokens.verify(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(tokens.revoke('a1')).toBe(true);
    expect(tokens.verify(token)).toEqual({ ok: false, reason: 'revoked' });
    expect(tokens.state()).toMatchObject({ ok: true, teammates: [{ agentId: 'a1', revoked: true }] });
  });
});

describe('a damaged team record', () => {
  const record = (dir: string) =>
    createJsonRecord<{ teammates: Teammate[] }>(dir, 'team.json', () => ({ teammates: [] }));

  it('is reported in plain words, naming the file and what to do, instead of throwing', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'team.json'), '{"teammates": [');
    const state = new AgentTokens(record(dir)).state();
    expect(state.ok).toBe(false);
    expect(!state.ok && state.problem).toMatch(/team\.json\) is damaged: it is not valid JSON/);
    expect(!state.ok && state.problem).toMatch(/Team hosting stays off/);
  });

  it('counts JSON of the wrong shape as damaged too (a token hash that is not one cannot be compared)', () => {
    const dir = tmp();
    const bad = {
      agentId: 'a1',
      name: 'W',
      number: '+254711000111',
      pairedAtMs: 1,
      tokenHash: 'zz',
      revoked: false,
    };
    writeFileSync(path.join(dir, 'team.json'), JSON.stringify({ teammates: [bad] }));
    const tokens = new AgentTokens(record(dir));
    expect(tokens.state()).toMatchObject({ ok: false, problem: expect.stringMatching(/list of teammates/) });
    expect(() => tokens.verify('sat_x')).toThrow(expect.objectContaining({ code: 'TEAM_RECORD_DAMAGED' }));
  });

  it('starts fresh on request, keeping the damaged file beside the new one', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'team.json'), 'not json');
    const tokens = new AgentTokens(record(dir));
    const aside = tokens.startFresh();
    expect(readFileSync(aside, 'utf8')).toBe('not json');
    expect(path.dirname(aside)).toBe(dir);
    expect(tokens.state()).toEqual({ ok: true, teammates: [] });
    expect(JSON.parse(readFileSync(path.join(dir, 'team.json'), 'utf8'))).toEqual({ teammates: [] });
    expect(readdirSync(dir).sort()).toEqual([path.basename(aside), 'team.json'].sort());
  });
});

describe('secret store', () => {
  it('is a 0600 file, sealed by the codec when one is given', () => {
    const dir = tmp();
    const codec = {
      encrypt: (s: string) => Buffer.from([...s].reverse().join('')),
      decrypt: (b: Buffer) => [...b.toString()].reverse().join(''),
    };
    const store = createFileSecretStore(dir, codec);
    store.set('number-signing-secret:n1', 'whsec_abc');
    expect(store.get('number-signing-secret:n1')).toBe('whsec_abc');
    expect(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('whsec_abc');
    expect(statSync(path.join(dir, 'secrets.json')).mode & 0o077).toBe(0);
    expect(() => createFileSecretStore(dir).get('number-signing-secret:n1')).toThrow(/sealed/);
    store.delete('number-signing-secret:n1');
    expect(store.get('number-signing-secret:n1')).toBeUndefined();
  });
});
