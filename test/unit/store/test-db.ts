// A real SQLite file in a temp dir for store unit tests, opened as the writer opens it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { CallEvent } from '../../../bridge/domain/call-events';
import { openWriter } from '../../../bridge/store/db';
import { refreshStaleHours } from '../../../bridge/store/queries/call-hours';
import { EventRecorder } from '../../../bridge/store/queries/record-events';
import { Statements } from '../../../bridge/store/statements';

export interface TestDb {
  readonly dir: string;
  readonly file: string;
  readonly db: Database.Database;
  readonly st: Statements;
  /** Applies events in one transaction, as the writer does (their hours marked stale, then recomputed). */
  record(events: readonly CallEvent[]): void;
  close(): void;
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sauti-store-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestDb(): TestDb {
  const { dir, remove } = tempDir();
  const file = path.join(dir, 'sauti.db');
  const { db } = openWriter(file);
  const st = new Statements(db);
  const recorder = new EventRecorder(st);
  return {
    dir,
    file,
    db,
    st,
    record: (events) =>
      st.transaction(() => {
        events.forEach((e) => recorder.apply(e));
        recorder.markHours();
        refreshStaleHours(st);
      }),
    close: () => {
      if (db.open) db.close();
      remove();
    },
  };
}
