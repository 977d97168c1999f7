// The app's private JSON files: mode 0600 even over a temp file a crash left behind, the folder made,
// the old content replaced whole.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writePrivateJson } from '../../../bridge/base/private-json-file';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'sauti-private-json-'));
  dirs.push(d);
  return d;
};

describe('writePrivateJson', () => {
  it('makes the folder and writes the JSON readable by its owner only', () => {
    const file = path.join(tempDir(), 'nested', 'record.json');
    writePrivateJson(file, { hosting: true }, 2);
    expect(readFileSync(file, 'utf8')).toBe('{\n  "hosting": true\n}');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('replaces the old content whole, and a leftover temp file does not keep its wider mode', () => {
    const file = path.join(tempDir(), 'secrets.json');
    writePrivateJson(file, { a: 'plain:1', b: 'plain:2' });
    writeFileSync(`${file}.tmp`, 'half a write', { mode: 0o644 });
    writePrivateJson(file, { a: 'plain:3' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 'plain:3' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
