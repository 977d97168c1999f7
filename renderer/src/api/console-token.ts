// Browser mode's token: it arrives once in the URL fragment (#token=…), is kept for this tab in
// sessionStorage, and is removed from the address bar so it is not left on screen or in history.

export interface TokenPlace {
  readonly hash: string;
  readonly storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  /** Replaces the address without the fragment. */
  readonly clearHash: () => void;
}

const STORAGE_KEY = 'sauti.consoleToken';

export function takeConsoleToken(place: TokenPlace): string | null {
  const params = new URLSearchParams(place.hash.replace(/^#/, ''));
  const fromHash = params.get('token');
  if (fromHash) {
    place.storage.setItem(STORAGE_KEY, fromHash);
    place.clearHash();
    return fromHash;
  }
  const stored = place.storage.getItem(STORAGE_KEY);
  return stored && stored.length > 0 ? stored : null;
}
