// better-sqlite3 as installed is compiled for Node (tests, `npm run serve`); Electron's Node has another
// ABI and cannot load it. For the desktop window we build a second copy of the addon for Electron in
// node_modules/.cache and point the store at it (SAUTI_SQLITE_BINDING → better-sqlite3 `nativeBinding`),
// leaving the Node build untouched. Packaged apps do not need this: electron-builder rebuilds in place.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const SQLITE_BINDING_ENV = 'SAUTI_SQLITE_BINDING';

export interface ElectronSqliteTarget {
  readonly root: string;
  readonly electronVersion: string;
  /** Electron's NODE_MODULE_VERSION (node_modules/electron/abi_version): the addon must be built for it. */
  readonly abi: string;
  readonly platform: string;
  readonly arch: string;
}

/** Where the Electron build of the addon lives for this Electron version, platform and arch. */
export function electronSqliteDir(t: ElectronSqliteTarget): string {
  return path.join(
    t.root,
    'node_modules',
    '.cache',
    'sauti',
    `better-sqlite3-electron-${t.electronVersion}-${t.platform}-${t.arch}`,
  );
}

export function electronSqliteBinding(t: ElectronSqliteTarget): string {
  return path.join(electronSqliteDir(t), 'build', 'Release', 'better_sqlite3.node');
}

export type Run = (
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv,
) => boolean;

const runProcess: Run = (command, args, cwd, timeoutMs, env) =>
  spawnSync(command, args, { cwd, stdio: ['ignore', process.stderr, 'inherit'], timeout: timeoutMs, env })
    .status === 0;

/** True when the addon file was built for this ABI (its registration symbol names the ABI). */
export function addonMatchesAbi(file: string, abi: string): boolean {
  try {
    return readFileSync(file).includes(`node_register_module_v${abi}`);
  } catch {
    return false;
  }
}

/**
 * The environment for the build tools: npm's own settings that point at Node's headers (some npm
 * builds ship `nodedir=/usr`) would make node-gyp build for Node instead of Electron.
 */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (
      /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|build_from_source)$/i.test(key)
    )
      continue;
    out[key] = value;
  }
  return out;
}

const PREBUILD_TIMEOUT_MS = 120_000;
const COMPILE_TIMEOUT_MS = 900_000;

/** The node-gyp that npm ships (npm exports its path to scripts), for the compile fallback. */
export function npmNodeGyp(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.npm_config_node_gyp && existsSync(env.npm_config_node_gyp)) return env.npm_config_node_gyp;
  if (env.npm_execpath) {
    const guess = path.join(
      path.dirname(env.npm_execpath),
      '..',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js',
    );
    if (existsSync(guess)) return guess;
  }
  return null;
}

/**
 * Returns the path of an Electron-ABI better_sqlite3.node, making it on first use: a prebuilt addon
 * (prebuild-install, as better-sqlite3's own install does) or else a compile against Electron's headers.
 * Both need the network once; null when neither worked (the caller explains and falls back).
 */
export function ensureElectronSqlite(
  t: ElectronSqliteTarget,
  say: (line: string) => void,
  run: Run = runProcess,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const binding = electronSqliteBinding(t);
  if (addonMatchesAbi(binding, t.abi)) return binding;
  const childEnv = buildEnv(env);
  const require = createRequire(path.join(t.root, 'package.json'));
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  } catch {
    say('better-sqlite3 is not installed: run `npm install` first.');
    return null;
  }
  const dir = electronSqliteDir(t);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ['package.json', 'binding.gyp', 'src', 'deps', 'lib']) {
    if (existsSync(path.join(pkgDir, name)))
      cpSync(path.join(pkgDir, name), path.join(dir, name), { recursive: true });
  }
  say(`Preparing the call log's SQLite addon for Electron ${t.electronVersion} (once)…`);
  const electronArgs = [`--runtime=electron`, `--target=${t.electronVersion}`, `--arch=${t.arch}`];
  let prebuild: string | null = null;
  try {
    const fromPkg = createRequire(path.join(pkgDir, 'package.json'));
    const pb = JSON.parse(readFileSync(fromPkg.resolve('prebuild-install/package.json'), 'utf8')) as {
      bin?: string | Record<string, string>;
    };
    const bin = typeof pb.bin === 'string' ? pb.bin : pb.bin?.['prebuild-install'];
    if (bin) prebuild = path.join(path.dirname(fromPkg.resolve('prebuild-install/package.json')), bin);
  } catch {
    prebuild = null;
  }
  if (
    prebuild &&
    run(
      process.execPath,
      [prebuild, ...electronArgs, `--platform=${t.platform}`],
      dir,
      PREBUILD_TIMEOUT_MS,
      childEnv,
    ) &&
    addonMatchesAbi(binding, t.abi)
  ) {
    return binding;
  }
  const gyp = npmNodeGyp(env);
  if (gyp) {
    say('No prebuilt addon for this Electron: compiling it (a minute or two)…');
    const ok = run(
      process.execPath,
      [gyp, 'rebuild', '--release', ...electronArgs, '--dist-url=https://electronjs.org/headers'],
      dir,
      COMPILE_TIMEOUT_MS,
      childEnv,
    );
    if (ok && addonMatchesAbi(binding, t.abi)) return binding;
    if (ok) say(`The compiled addon is not for Electron's ABI ${t.abi}: not used.`);
  }
  rmSync(dir, { recursive: true, force: true });
  return null;
}

/** Electron's version and ABI from its package (the binary itself may be absent). */
export function electronRuntime(root: string): { version: string; abi: string } | null {
  try {
    const dir = path.join(root, 'node_modules', 'electron');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string };
    const abi = readFileSync(path.join(dir, 'abi_version'), 'utf8').trim();
    return pkg.version && /^\d+$/.test(abi) ? { version: pkg.version, abi } : null;
  } catch {
    return null;
  }
}
