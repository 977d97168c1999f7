import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ BrowserWindow: class {} }));

import { DEFAULT_WINDOW_STATE, restoreWindowState, WindowStateFile } from '../../../electron/window-state';
import { MIN_HEIGHT_PX, MIN_WIDTH_PX } from '../../../electron/window';
import { captureLog } from '../../harness/capture-log';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor = { x: 1440, y: 0, width: 1920, height: 1050 };

describe('window state', () => {
  it('keeps a position that is on a screen', () => {
    const saved = { bounds: { x: 1600, y: 40, width: 1400, height: 900 }, maximized: true };
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('drops a position on a monitor that is gone, keeping the size within the screens', () => {
    const saved = { bounds: { x: 1600, y: 40, width: 1800, height: 1000 }, maximized: false };
    expect(restoreWindowState(saved, [laptop])).toEqual({
      bounds: { width: 1440, height: 870 },
      maximized: false,
    });
  });

  it('never makes the window smaller than its minimum', () => {
    const state = restoreWindowState({ bounds: { x: 10, y: 10, width: 200, height: 100 } }, [laptop]);
    expect(state.bounds).toEqual({ x: 10, y: 10, width: MIN_WIDTH_PX, height: MIN_HEIGHT_PX });
  });

  it.each([null, 'junk', { bounds: { width: 'wide' } }, { bounds: { width: Infinity, height: 3 } }])(
    'falls back to the defaults for %j',
    (saved) => {
      expect(restoreWindowState(saved, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    },
  );

  describe('file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-winstate-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('saves the bounds when the window closes and restores them next time', () => {
      const file = WindowStateFile.in(dir, captureLog().log);
      const win = Object.assign(new EventEmitter(), {
        getNormalBounds: () => ({ x: 100, y: 50, width: 1200, height: 780 }),
        isMaximized: () => true,
      });
      expect(file.load([laptop])).toEqual(DEFAULT_WINDOW_STATE);
      file.track(win);
      win.emit('close');
      expect(WindowStateFile.in(dir, captureLog().log).load([laptop])).toEqual({
        bounds: { x: 100, y: 50, width: 1200, height: 780 },
        maximized: true,
      });
    });

    it('treats a damaged file as no file', () => {
      writeFileSync(path.join(dir, 'window-state.json'), '{oops');
      expect(WindowStateFile.in(dir, captureLog().log).load([laptop])).toEqual(DEFAULT_WINDOW_STATE);
    });
  });
});
