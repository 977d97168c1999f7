import type { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({
  trays: [] as unknown[],
  menus: [] as Array<Array<{ label?: string; click?: () => void }>>,
  badge: [] as number[],
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class Tray extends Emitter {
    image: unknown;
    tooltip = '';
    menu: unknown;
    constructor(image: unknown) {
      super();
      this.image = image;
      fake.trays.push(this);
    }
    setImage(image: unknown) {
      this.image = image;
    }
    setToolTip(t: string) {
      this.tooltip = t;
    }
    setTitle() {}
    setContextMenu(m: unknown) {
      this.menu = m;
    }
    destroy = vi.fn();
  }
  return {
    Tray,
    Menu: {
      buildFromTemplate: (t: Array<{ label?: string; click?: () => void }>) => (fake.menus.push(t), t),
    },
    nativeImage: { createFromBitmap: (buffer: Buffer, size: { width: number }) => ({ buffer, size }) },
    app: { setBadgeCount: (n: number) => fake.badge.push(n) },
  };
});

import { badgeText, TRAY_ICON_PX, trayIconBitmap } from '../../../electron/tray-icon';
import { createAppTray, waitingLabel } from '../../../electron/tray';

/** [r, g, b, a] of one pixel of a BGRA bitmap. */
function pixel(bitmap: Buffer, x: number, y: number, size = TRAY_ICON_PX): number[] {
  const i = (y * size + x) * 4;
  return [bitmap[i + 2]!, bitmap[i + 1]!, bitmap[i]!, bitmap[i + 3]!];
}

describe('tray icon', () => {
  it('shows the count up to 9, then 9+', () => {
    expect([0, 1, 9, 10, 250].map(badgeText)).toEqual(['', '1', '9', '9+', '9+']);
    expect(badgeText(-1)).toBe('');
  });

  it('draws a badge only when callers wait, and different counts differently', () => {
    const idle = trayIconBitmap(0);
    const one = trayIconBitmap(1);
    const seven = trayIconBitmap(7);
    expect(idle).toHaveLength(TRAY_ICON_PX * TRAY_ICON_PX * 4);
    // The lower-right corner is outside the disc when idle (transparent), red under the badge.
    expect(pixel(idle, TRAY_ICON_PX - 3, TRAY_ICON_PX - 9)[3]).toBe(0);
    const red = [...one].some((_, i) => i % 4 === 0 && one[i + 2] === 220 && one[i + 1] === 38);
    expect(red).toBe(true);
    expect(one.equals(seven)).toBe(false);
    expect(one.equals(idle)).toBe(false);
    // The centre is the disc with the white voice bar.
    expect(pixel(idle, 16, 16)).toEqual([255, 255, 255, 255]);
    expect(pixel(idle, 8, 16)).toEqual([15, 118, 110, 255]);
  });
});

describe('tray', () => {
  it('shows the waiting count in tooltip, menu, icon and badge; Show and Quit work', () => {
    const onShow = vi.fn();
    const onQuit = vi.fn();
    const tray = createAppTray({ onShow, onQuit });
    const t = fake.trays.at(-1) as EventEmitter & { tooltip: string; image: { buffer: Buffer } };
    expect(t.tooltip).toBe('Sauti Console — No callers waiting');
    tray.setWaiting(3);
    expect(t.tooltip).toBe('Sauti Console — 3 callers waiting');
    expect(t.image.buffer.equals(trayIconBitmap(3))).toBe(true);
    expect(fake.badge.at(-1)).toBe(3);
    const menu = fake.menus.at(-1)!;
    expect(menu[0]!.label).toBe('3 callers waiting');
    menu.find((i) => i.label === 'Show Sauti Console')!.click!();
    menu.find((i) => i.label === 'Quit')!.click!();
    t.emit('click');
    expect(onShow).toHaveBeenCalledTimes(2);
    expect(onQuit).toHaveBeenCalledTimes(1);
    expect(waitingLabel(1)).toBe('1 caller waiting');
  });
});
