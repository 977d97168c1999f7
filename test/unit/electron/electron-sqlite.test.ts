import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  electronSqliteBinding,
  ensureElectronSqlite,
  npmNodeGyp,
  type Run,
} from '../../../electron/electron-sqlite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('electron sqlite addon', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'sauti-esql-'));
    // A project whose node_modules is the real one (better-sqlite3 and prebuild-install resolve from it).
    writeFileSync(path.join(root, 'package.json'), '{"name":"x","type":"module"}');
    mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
    for (const name of ['better-sqlite3', 'prebuild-install']) {
      symlinkSync(path.join(repoRoot, 'node_modules', name), path.join(root, 'node_modules', name), 'dir');
    }
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const target = () => ({ root, electronVersion: '41.8.0', abi: '145', platform: 'linux', arch: 'x64' });
  const fakeBuild = (succeedAt: 'prebuild' | 'compile' | 'never', abi = '145') => {
    const calls: string[][] = [];
    const envs: NodeJS.ProcessEnv[] = [];
    const run: Run = (_cmd, args, cwd, _timeoutMs, env) => {
      calls.push([...args]);
      envs.push(env);
      const isPrebuild = args[0]!.includes('prebuild-install');
      if ((succeedAt === 'prebuild' && isPrebuild) || (succeedAt === 'compile' && !isPrebuild)) {
        mkdirSync(path.join(cwd, 'build', 'Release'), { recursive: true });
        writeFileSync(
          path.join(cwd, 'build', 'Release', 'better_sqlite3.node'),
          `\0ELF…node_register_module_v${abi}\0`,
        );
        return true;
      }
      return false;
    };
    return { run, calls, envs };
  };

  it('uses a prebuilt Electron addon when one downloads, in its own copy of the package', () => {
    const { run, calls } = fakeBuild('prebuild');
    const binding = ensureElectronSqlite(target(), () => undefined, run, {});
    expect(binding).toBe(electronSqliteBinding(target()));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(expect.arrayContaining(['--runtime=electron', '--target=41.8.0', '--arch=x64']));
    // The Node build that tests and `npm run serve` load is not touched.
    expect(
      existsSync(
        path.join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      ),
    ).toBe(true);
    expect(existsSync(path.join(path.dirname(path.dirname(path.dirname(binding!))), 'src'))).toBe(true);
  });

  it('compiles against Electronʼs headers when there is no prebuilt addon', () => {
    const { run, calls, envs } = fakeBuild('compile');
    const gyp = path.join(root, 'node-gyp.js');
    writeFileSync(gyp, '');
    const binding = ensureElectronSqlite(target(), () => undefined, run, {
      npm_config_node_gyp: gyp,
      npm_config_nodedir: '/usr',
    });
    expect(binding).not.toBeNull();
    expect(envs[1]!.npm_config_nodedir).toBeUndefined();
    expect(calls[1]).toEqual([
      gyp,
      'rebuild',
      '--release',
      '--runtime=electron',
      '--target=41.8.0',
      '--arch=x64',
      '--dist-url=https://electronjs.org/headers',
    ]);
  });

  it('does not use a compiled addon of the wrong ABI', () => {
    const { run } = fakeBuild('compile', '115');
    const gyp = path.join(root, 'node-gyp.js');
    writeFileSync(gyp, '');
    const said: string[] = [];
    expect(ensureElectronSqlite(target(), (l) => said.push(l), run, { npm_config_node_gyp: gyp })).toBeNull();
    expect(said.join('\n')).toMatch(/not for Electron's ABI 145/);
  });

  it('gives up cleanly (no half-made copy) when neither works, and reuses a finished one', () => {
    const never = fakeBuild('never');
    expect(ensureElectronSqlite(target(), () => undefined, never.run, {})).toBeNull();
    expect(existsSync(path.dirname(path.dirname(path.dirname(electronSqliteBinding(target())))))).toBe(false);
    const ok = fakeBuild('prebuild');
    ensureElectronSqlite(target(), () => undefined, ok.run, {});
    const again = fakeBuild('never');
    expect(ensureElectronSqlite(target(), () => undefined, again.run, {})).toBe(
      electronSqliteBinding(target()),
    );
    expect(again.calls).toHaveLength(0);
  });

  it('finds npmʼs own node-gyp', () => {
    expect(npmNodeGyp({})).toBeNull();
    const gyp = path.join(root, 'gyp.js');
    writeFileSync(gyp, '');
    expect(npmNodeGyp({ npm_config_node_gyp: gyp })).toBe(gyp);
  });
});

describe('electron sqlite addon: ABI', () => {
  it('refuses an addon built for Node instead of Electron (npm nodedir pointing at Node headers)', async () => {
    const { addonMatchesAbi, buildEnv } = await import('../../../electron/electron-sqlite');
    const nodeAddon = path.join(
      repoRoot,
      'node_modules',
      'better-sqlite3',
      'build',
      'Release',
      'better_sqlite3.node',
    );
    expect(addonMatchesAbi(nodeAddon, process.versions.modules)).toBe(true);
    expect(addonMatchesAbi(nodeAddon, '145')).toBe(false);
    expect(addonMatchesAbi('/nonexistent.node', '145')).toBe(false);
    expect(
      buildEnv({
        PATH: '/bin',
        npm_config_nodedir: '/usr',
        npm_config_target: '20.0.0',
        npm_config_cache: '/c',
      }),
    ).toEqual({
      PATH: '/bin',
      npm_config_cache: '/c',
    });
  });
});

describe('the store honours SQLITE_BINDING_ENV', () => {
  const saved = process.env.SAUTI_SQLITE_BINDING;
  afterEach(() => {
    if (saved === undefined) delete process.env.SAUTI_SQLITE_BINDING;
    else process.env.SAUTI_SQLITE_BINDING = saved;
  });

  it('opens the call log with the addon it names, and fails loudly on a wrong one', async () => {
    const { SQLITE_BINDING_ENV } = await import('../../../electron/electron-sqlite');
    const { openWriter, dbFilePath } = await import('../../../bridge/store/db');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-binding-'));
    try {
      process.env[SQLITE_BINDING_ENV] = path.join(dir, 'missing', 'better_sqlite3.node');
      expect(() => openWriter(dbFilePath(dir))).toThrow(/better_sqlite3\.node/);
      process.env[SQLITE_BINDING_ENV] = path.join(
        repoRoot,
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      );
      const { db } = openWriter(dbFilePath(dir));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
