// Key/value settings the app keeps itself (e.g. the team's routing records), values stored as JSON.
import { SautiError } from '../../base/errors';
import { sql } from '../sql';
import type { Statements } from '../statements';

export const MAX_SETTING_VALUE_CHARS = 1_000_000;

export function getSetting(st: Statements, key: string): unknown {
  const row = st.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${key}`);
  return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
}

export function setSetting(st: Statements, key: string, value: unknown, atMs: number): void {
  const json = JSON.stringify(value);
  if (json === undefined) throw new SautiError('STORE_BAD_SETTING', `${key}: the value cannot be stored`);
  if (json.length > MAX_SETTING_VALUE_CHARS)
    throw new SautiError('STORE_BAD_SETTING', `${key}: the value is too large`);
  st.run(sql`
    INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${json}, ${atMs})
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
}

export function deleteSetting(st: Statements, key: string): boolean {
  return st.run(sql`DELETE FROM settings WHERE key = ${key}`).changes > 0;
}
