// A file put back as it was after a step that may rewrite or delete it (electron-builder rebuilds the
// SQLite addon in place for Electron during `npm run dist`; Node's build must survive it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Remembers `file` now; the returned function restores it (true when it had to). */
export function keepFileAsItIs(file: string): () => boolean {
  const saved = existsSync(file) ? readFileSync(file) : null;
  return () => {
    if (!saved) return false;
    if (existsSync(file) && readFileSync(file).equals(saved)) return false;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, saved);
    return true;
  };
}
