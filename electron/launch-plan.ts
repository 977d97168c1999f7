// What `npm start` does on this machine: the desktop window when Electron can run here, otherwise the
// headless core with the console in a browser, and always the reason. Pure decisions over facts that
// start.ts gathers, so every branch is tested.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type LaunchMode =
  | { readonly mode: 'desktop'; readonly electron: string }
  | { readonly mode: 'headless'; readonly reason: string };

export interface LaunchFacts {
  /** The Electron executable, or null when its binary was never downloaded. */
  readonly electron: string | null;
  readonly platform: NodeJS.Platform;
  readonly env: NodeJS.ProcessEnv;
  /** process.getuid?.(): Chromium's sandbox refuses to run as root. */
  readonly uid: number | undefined;
  /** `--headless` on the command line (npm run serve). */
  readonly headlessAsked: boolean;
}

export function chooseLaunch(facts: LaunchFacts): LaunchMode {
  if (facts.headlessAsked) return { mode: 'headless', reason: 'headless mode was asked for' };
  if (facts.env.SAUTI_HEADLESS === '1') return { mode: 'headless', reason: 'SAUTI_HEADLESS=1 is set' };
  if (!facts.electron) {
    return {
      mode: 'headless',
      reason:
        "Electron's binary is not installed here (offline install or ELECTRON_SKIP_BINARY_DOWNLOAD); " +
        'run `npm run postinstall` with network access to get the desktop window',
    };
  }
  if (facts.platform === 'linux' && !facts.env.DISPLAY && !facts.env.WAYLAND_DISPLAY) {
    return { mode: 'headless', reason: 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  if (facts.platform === 'linux' && facts.uid === 0) {
    return {
      mode: 'headless',
      reason:
        "Electron's sandbox does not run as root; start the app as a normal user for the desktop window",
    };
  }
  return { mode: 'desktop', electron: facts.electron };
}

/** Electron's executable as its own package records it (path.txt), when the file is really there. */
export function findElectronBinary(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pkgDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  if (!rel) return null;
  const dist = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(pkgDir, 'dist');
  const exe = path.join(dist, rel);
  return existsSync(exe) ? exe : null;
}

/** Newest modification time of the files under these paths (directories walked, node_modules skipped). */
export function newestMtimeMs(paths: readonly string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p))
        if (name !== 'node_modules' && !name.startsWith('.')) visit(path.join(p, name));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of paths) visit(p);
  return newest;
}

/** True when an output is missing or older than the newest source. */
export function isBuildStale(sources: readonly string[], outputs: readonly string[]): boolean {
  let oldestOutput = Infinity;
  for (const out of outputs) {
    try {
      oldestOutput = Math.min(oldestOutput, statSync(out).mtimeMs);
    } catch {
      return true;
    }
  }
  return newestMtimeMs(sources) > oldestOutput;
}

/** What each mode needs built, and from which sources. */
export function buildInputs(
  root: string,
  mode: LaunchMode['mode'],
): { sources: string[]; outputs: string[] } {
  const r = (...p: string[]) => path.join(root, ...p);
  const rendererSources = [r('renderer'), r('bridge', 'api', 'contract.ts'), r('electron.vite.config.ts')];
  if (mode === 'headless') return { sources: rendererSources, outputs: [r('out', 'renderer', 'index.html')] };
  return {
    sources: [...rendererSources, r('electron'), r('bridge'), r('package.json')],
    outputs: [
      r('out', 'main', 'main.js'),
      r('out', 'main', 'store-worker.js'),
      r('out', 'main', 'ai-worker.js'),
      r('out', 'preload', 'preload.cjs'),
      r('out', 'renderer', 'index.html'),
    ],
  };
}
