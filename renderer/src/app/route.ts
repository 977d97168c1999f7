// Where the window is: a small hash route (#/live/CA123, #/history, …) so back/forward work in a
// browser and in Electron's file:// page alike. The console token's #token= fragment is not a route.
import { ExternalStore } from '../shared/state/external-store';

export type Screen = 'live' | 'history' | 'dashboard' | 'settings' | 'phone';

export type Route =
  | { readonly screen: 'live'; readonly callId?: string }
  | { readonly screen: 'history'; readonly callId?: string }
  | { readonly screen: 'dashboard' }
  | { readonly screen: 'settings' }
  | { readonly screen: 'phone' };

export const SCREENS: readonly Screen[] = ['live', 'history', 'dashboard', 'settings', 'phone'];

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  const [screen, id] = parts;
  switch (screen) {
    case 'history':
      return id ? { screen, callId: id } : { screen };
    case 'dashboard':
    case 'settings':
    case 'phone':
      return { screen };
    case 'live':
      return id ? { screen, callId: id } : { screen };
    default:
      return { screen: 'live' };
  }
}

export function formatRoute(route: Route): string {
  const id = 'callId' in route && route.callId ? `/${encodeURIComponent(route.callId)}` : '';
  return `#/${route.screen}${id}`;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface HashPlace {
  readonly hash: () => string;
  readonly setHash: (hash: string) => void;
  readonly onHashChange: (listener: () => void) => () => void;
}

export class RouteStore extends ExternalStore<Route> {
  private readonly off: () => void;

  constructor(private readonly place: HashPlace) {
    super(parseRoute(place.hash()));
    this.off = place.onHashChange(() => this.set(parseRoute(place.hash())));
  }

  navigate(route: Route): void {
    const hash = formatRoute(route);
    if (formatRoute(this.get()) === hash) return;
    this.set(route);
    if (this.place.hash() !== hash) this.place.setHash(hash);
  }

  dispose(): void {
    this.off();
  }
}
