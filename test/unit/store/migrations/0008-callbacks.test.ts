import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaVersion } from '../../../../bridge/store/migrate';
import {
  listCallbacks,
  markCallback,
  removeVoicemailFiles,
} from '../../../../bridge/store/queries/callbacks';
import { callDetail } from '../../../../bridge/store/queries/call-detail';
import { Statements } from '../../../../bridge/store/statements';
import { dbAtVersion, migrateTo } from './migration-db';

describe('migration 0008: messages to call back', () => {
  it('keeps a populated log as it was, and lists calls with a message until they are called back', () => {
    const db = dbAtVersion(7);
    const before = db.prepare('SELECT * FROM calls ORDER BY call_id').all() as Record<string, unknown>[];
    // An older version kept a carrier voicemail URL on one call.
    db.exec(`UPDATE calls SET voicemail_url = 'https://rec.example/1.wav' WHERE call_id = 'old-2'`);
    migrateTo(db, 8);
    expect(schemaVersion(db)).toBe(8);
    const after = db.prepare("SELECT * FROM calls WHERE call_id = 'old-1'").get();
    expect(after).toEqual({
      ...before.find((c) => c.call_id === 'old-1'),
      voicemail_file: null,
      voicemail_duration_s: null,
      callback_done_at: null,
    });
    const st = new Statements(db);
    db.exec(`
      INSERT INTO calls (call_id, from_number, to_number, caller_key, started_at, ended_at, outcome,
        voicemail_file, voicemail_duration_s)
      VALUES ('vm-1', '+254711000003', '+254709000000', '+254711000003', 5000, 6000, 'voicemail',
        'voicemail/vm-1.wav', 7.5)`);
    expect(listCallbacks(st, {}).map((r) => [r.callId, r.recording, r.voicemailDurationS])).toEqual([
      ['vm-1', 'here', 7.5],
      ['old-2', 'carrier', undefined],
    ]);
    expect(callDetail(st, 'vm-1').call.voicemail).toEqual({ durationS: 7.5, recording: 'here' });
    expect(markCallback(st, { callId: 'vm-1', done: true, atMs: 9000 })).toMatchObject({ doneAt: 9000 });
    expect(listCallbacks(st, {}).map((r) => r.callId)).toEqual(['old-2']);
    expect(markCallback(st, { callId: 'vm-1', done: false, atMs: 9100 }).doneAt).toBeUndefined();
    expect(() => markCallback(st, { callId: 'old-1', done: true, atMs: 1 })).toThrow(/no message/);
    db.close();
  });

  it('removes only voicemail files inside the data folder’s voicemail folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-vmrm-'));
    try {
      mkdirSync(path.join(dir, 'voicemail'));
      writeFileSync(path.join(dir, 'voicemail', 'a.wav'), 'x');
      writeFileSync(path.join(dir, 'keep.txt'), 'x');
      expect(
        removeVoicemailFiles(dir, ['voicemail/a.wav', '../keep.txt', 'keep.txt', 'voicemail/missing.wav']),
      ).toBe(1);
      expect(existsSync(path.join(dir, 'voicemail', 'a.wav'))).toBe(false);
      expect(existsSync(path.join(dir, 'keep.txt'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
