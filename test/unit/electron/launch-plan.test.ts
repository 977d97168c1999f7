import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInputs, chooseLaunch, findElectronBinary, isBuildStale } from '../../../electron/launch-plan';

const base = {
  electron: '/x/electron',
  platform: 'linux' as const,
  env: { DISPLAY: ':0' },
  uid: 1000,
  headlessAsked: false,
};

describe('launch plan', () => {
  it('opens the desktop window when Electron can run', () => {
    expect(chooseLaunch(base)).toEqual({ mode: 'desktop', electron: '/x/electron' });
    expect(chooseLaunch({ ...base, platform: 'darwin', env: {} })).toMatchObject({ mode: 'desktop' });
    expect(chooseLaunch({ ...base, env: { WAYLAND_DISPLAY: 'wayland-0' } })).toMatchObject({
      mode: 'desktop',
    });
  });

  it.each([
    [{ electron: null }, /binary is not installed/],
    [{ env: {} }, /no display/],
    [{ uid: 0 }, /root/],
    [{ headlessAsked: true }, /asked/],
    [{ env: { DISPLAY: ':0', SAUTI_HEADLESS: '1' } }, /SAUTI_HEADLESS/],
  ])('falls back to the headless core, saying why: %j', (over, reason) => {
    const plan = chooseLaunch({ ...base, ...over });
    expect(plan.mode).toBe('headless');
    expect(plan.mode === 'headless' && plan.reason).toMatch(reason);
  });

  describe('on disk', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(os.tmpdir(), 'sauti-launch-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds Electron only when path.txt names a file that exists', () => {
      const pkg = path.join(root, 'node_modules', 'electron');
      mkdirSync(path.join(pkg, 'dist'), { recursive: true });
      expect(findElectronBinary(root, {})).toBeNull();
      writeFileSync(path.join(pkg, 'path.txt'), 'electron');
      expect(findElectronBinary(root, {})).toBeNull();
      writeFileSync(path.join(pkg, 'dist', 'electron'), '');
      expect(findElectronBinary(root, {})).toBe(path.join(pkg, 'dist', 'electron'));
      expect(
        findElectronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: path.join(root, 'elsewhere') }),
      ).toBeNull();
    });

    it('rebuilds when an output is missing or older than a source', () => {
      const { sources, outputs } = buildInputs(root, 'headless');
      const src = path.join(root, 'renderer', 'src', 'main.tsx');
      mkdirSync(path.dirname(src), { recursive: true });
      writeFileSync(src, 'x');
      expect(isBuildStale(sources, outputs)).toBe(true);
      const out = path.join(root, 'out', 'renderer', 'index.html');
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, '<html>');
      const t = Date.now() / 1000;
      utimesSync(src, t - 100, t - 100);
      utimesSync(out, t - 50, t - 50);
      expect(isBuildStale(sources, outputs)).toBe(false);
      utimesSync(src, t, t);
      expect(isBuildStale(sources, outputs)).toBe(true);
    });

    it('builds main, the workers, preload and renderer for the desktop, only the renderer for headless', () => {
      expect(buildInputs(root, 'headless').outputs.map((o) => path.relative(root, o))).toEqual([
        path.join('out', 'renderer', 'index.html'),
      ]);
      expect(buildInputs(root, 'desktop').outputs.map((o) => path.relative(root, o))).toEqual([
        path.join('out', 'main', 'main.js'),
        path.join('out', 'main', 'store-worker.js'),
        path.join('out', 'main', 'ai-worker.js'),
        path.join('out', 'preload', 'preload.cjs'),
        path.join('out', 'renderer', 'index.html'),
      ]);
    });
  });
});
