// Renders the real app model and screens in happy-dom against a fake console.
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { AppProvider } from '../../../renderer/src/app/app-context';
import { createAppModel, type AppModel } from '../../../renderer/src/app/app-model';
import { silentAudio } from './action-context';
import { FakeConsole } from './fake-console';

export interface Harness {
  readonly fake: FakeConsole;
  readonly model: AppModel;
  hash: string;
}

export function makeModel(fake = new FakeConsole(), initialHash = '#/live'): Harness {
  const storage = new Map<string, string>();
  const listeners = new Set<() => void>();
  const h: { fake: FakeConsole; model: AppModel | null; hash: string } = {
    fake,
    model: null,
    hash: initialHash,
  };
  h.model = createAppModel(fake, {
    place: {
      hash: () => h.hash,
      setHash: (v) => {
        h.hash = v;
        for (const l of listeners) l();
      },
      onHashChange: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
    },
    storage: {
      getItem: (k) => storage.get(k) ?? null,
      setItem: (k, v) => void storage.set(k, v),
      removeItem: (k) => void storage.delete(k),
    },
    timers: { set: () => undefined },
    createAudioContext: silentAudio,
    phone: {
      openSocket: () => {
        throw new Error('no sockets in unit tests');
      },
      startAudio: () => Promise.reject(new Error('no microphone in unit tests')),
      now: () => 0,
    },
    notifications: null,
    windowInFront: () => true,
  });
  return h as Harness;
}

export function renderWith(h: Harness, ui: ReactNode) {
  return render(<AppProvider model={h.model}>{ui}</AppProvider>);
}
