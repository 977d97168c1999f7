// The tray icon: how many callers wait in the queue (badge on the icon, tooltip, menu, macOS title and
// dock/launcher badge), a way back to the window, and Quit.
import { app, Menu, nativeImage, Tray } from 'electron';
import { badgeText, TRAY_ICON_PX, trayIconBitmap } from './tray-icon';

export function waitingLabel(waiting: number): string {
  if (waiting <= 0) return 'No callers waiting';
  return waiting === 1 ? '1 caller waiting' : `${waiting} callers waiting`;
}

export interface AppTray {
  setWaiting(waiting: number): void;
  destroy(): void;
}

export interface AppTrayOptions {
  readonly onShow: () => void;
  readonly onQuit: () => void;
}

export function createAppTray(options: AppTrayOptions): AppTray {
  const icon = (waiting: number) =>
    nativeImage.createFromBitmap(trayIconBitmap(waiting), { width: TRAY_ICON_PX, height: TRAY_ICON_PX });
  const tray = new Tray(icon(0));
  let shown = -1;
  const render = (waiting: number) => {
    if (waiting === shown) return;
    shown = waiting;
    tray.setImage(icon(waiting));
    tray.setToolTip(`Sauti Console — ${waitingLabel(waiting)}`);
    if (process.platform === 'darwin') tray.setTitle(badgeText(waiting));
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: waitingLabel(waiting), enabled: false },
        { type: 'separator' },
        { label: 'Show Sauti Console', click: options.onShow },
        { label: 'Quit', click: options.onQuit },
      ]),
    );
    app.setBadgeCount(Math.max(0, waiting));
  };
  tray.on('click', options.onShow);
  render(0);
  return {
    setWaiting: (waiting) => render(Math.max(0, Math.floor(waiting))),
    destroy: () => tray.destroy(),
  };
}
