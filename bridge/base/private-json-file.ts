// A JSON file only this user may read (mode 0600: it may hold keys, tokens or callers' numbers), written
// whole through a temporary file and a rename, so a crash mid-write leaves the old file, never half of
// a new one. Its folder is made when missing, private (private-folder.ts).
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateFolder } from './private-folder';

/** Writes `value` as JSON (indented by `space`, as JSON.stringify takes it) to `file`, mode 0600. */
export function writePrivateJson(file: string, value: unknown, space?: number): void {
  makePrivateFolder(path.dirname(file));
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, space), { mode: 0o600 });
  // The mode above applies only when the file is created: a .tmp left by a crash keeps its own.
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
