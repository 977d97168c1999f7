import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import { dbAtVersion, migrateTo } from './migration-db';

describe('migration 0003: agents and settings', () => {
  it('adds the agents and settings tables to a populated log without touching its calls', () => {
    const db = dbAtVersion(2);
    const callsBefore = db.prepare('SELECT * FROM calls ORDER BY call_id').all();
    migrateTo(db, 3);
    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT * FROM calls ORDER BY call_id').all()).toEqual(callsBefore);
    db.exec(
      "INSERT INTO agents (id, name, number, presence, position, updated_at) VALUES ('a1', 'Otieno', '+254711000001', 'away', 1, 5)",
    );
    expect(() =>
      db.exec(
        "INSERT INTO agents (id, name, number, presence, position, updated_at) VALUES ('a2', 'X', '+254711000002', 'asleep', 2, 5)",
      ),
    ).toThrow(/CHECK/);
    db.exec("INSERT INTO settings (key, value, updated_at) VALUES ('k', '[1,2]', 5)");
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('[1,2]');
    db.close();
  });
});
