// Remembers where the window was (size, position, maximised) across starts. A saved position is used
// only when it is still on a connected screen, so a window never opens off-screen after a monitor change.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../bridge/desktop';
import { MIN_HEIGHT_PX, MIN_WIDTH_PX } from './window';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface WindowState {
  readonly bounds: { x?: number; y?: number; width: number; height: number };
  readonly maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 820 }, maximized: false };
/** How much of the title bar must be on a screen for the saved position to count. */
const VISIBLE_PX = 64;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Validates a saved state against the screens' work areas; anything unusable falls back to defaults. */
export function restoreWindowState(saved: unknown, workAreas: readonly Rect[]): WindowState {
  const s = saved as { bounds?: Partial<Rect>; maximized?: unknown } | null;
  const b = s?.bounds;
  if (!b || !finite(b.width) || !finite(b.height)) return DEFAULT_WINDOW_STATE;
  const largest = workAreas.reduce(
    (m, a) => ({ width: Math.max(m.width, a.width), height: Math.max(m.height, a.height) }),
    {
      width: 0,
      height: 0,
    },
  );
  const clamp = (v: number, min: number, max: number) =>
    Math.round(Math.max(min, max > 0 ? Math.min(v, max) : v));
  const width = clamp(b.width, MIN_WIDTH_PX, largest.width);
  const height = clamp(b.height, MIN_HEIGHT_PX, largest.height);
  const maximized = s?.maximized === true;
  if (!finite(b.x) || !finite(b.y)) return { bounds: { width, height }, maximized };
  const x = Math.round(b.x);
  const y = Math.round(b.y);
  const titleBarVisible = workAreas.some(
    (a) =>
      x + width - VISIBLE_PX >= a.x &&
      x + VISIBLE_PX <= a.x + a.width &&
      y >= a.y &&
      y + VISIBLE_PX / 2 <= a.y + a.height,
  );
  return titleBarVisible
    ? { bounds: { x, y, width, height }, maximized }
    : { bounds: { width, height }, maximized };
}

/** The part of a BrowserWindow that is remembered. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

export class WindowStateFile {
  constructor(
    private readonly file: string,
    private readonly log: Log,
  ) {}

  static in(dir: string, log: Log): WindowStateFile {
    return new WindowStateFile(path.join(dir, 'window-state.json'), log);
  }

  load(workAreas: readonly Rect[]): WindowState {
    let saved: unknown = null;
    try {
      saved = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      // No file yet, or a damaged one: the defaults are the right answer either way.
    }
    return restoreWindowState(saved, workAreas);
  }

  save(state: WindowState): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp`;
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, this.file);
    } catch (err) {
      this.log.warn({ code: 'SHELL_WINDOW_STATE_UNSAVED', err: String(err) }, 'window position not saved');
    }
  }

  /** Saves the window's normal bounds and maximised flag when it closes. */
  track(win: TrackedWindow): void {
    win.on('close', () => this.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  }
}
