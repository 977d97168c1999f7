// The app model's environment in a real window: the URL hash, local storage, Web Audio, the dev phone's
// socket and microphone, and desktop notifications.
import type { AppEnvironment } from './app-model';
import type { NotificationApi } from './attention-notifier';
import type { ListenAudioContext } from '../features/live/listen-in';
import { startBrowserAudio } from '../shared/audio/browser-audio';
import type { PhoneSocket } from '../features/phone/dev-phone';

function notificationApi(win: Window & typeof globalThis): NotificationApi | null {
  if (!('Notification' in win)) return null;
  const N = win.Notification;
  return {
    get permission() {
      return N.permission;
    },
    requestPermission: () => N.requestPermission(),
    show: (title, options) => {
      const n = new N(title, options);
      return {
        onClick: (listener) => {
          n.onclick = () => {
            win.focus();
            listener();
          };
        },
        close: () => n.close(),
      };
    },
  };
}

function safeStorage(win: Window): Storage | null {
  try {
    return win.localStorage;
  } catch {
    return null;
  }
}

export function browserEnvironment(win: Window & typeof globalThis): AppEnvironment {
  return {
    place: {
      hash: () => win.location.hash,
      setHash: (hash) => {
        win.location.hash = hash;
      },
      onHashChange: (listener) => {
        win.addEventListener('hashchange', listener);
        return () => win.removeEventListener('hashchange', listener);
      },
    },
    storage: safeStorage(win),
    timers: { set: (fn, ms) => win.setTimeout(fn, ms) },
    createAudioContext: () => new win.AudioContext() as unknown as ListenAudioContext,
    phone: {
      openSocket: (url, protocols) => new win.WebSocket(url, protocols) as unknown as PhoneSocket,
      startAudio: startBrowserAudio,
      now: () => Date.now(),
    },
    notifications: notificationApi(win),
    windowInFront: () => win.document.visibilityState === 'visible' && win.document.hasFocus(),
    now: () => Date.now(),
    // Only a team host's LAN listener serves the console over https (the loopback server is http).
    teamHostAddress: win.location.protocol === 'https:' ? win.location.host : undefined,
  };
}
