// The agent roster lives in the call log. A log that cannot be written at start does not stop calls
// being answered, and the roster loads by itself (seeding the configured agent) once the log recovers.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../bridge/api/contract';
import { openWriter } from '../../bridge/store/db';
import { startTestApp } from '../harness/app';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';
import { tempDir } from '../unit/store/test-db';

/** chattr +i makes a file unwritable even for root. */
function immutableSupported(): boolean {
  const tmp = tempDir();
  const f = path.join(tmp.dir, 'probe');
  writeFileSync(f, 'x');
  try {
    execFileSync('chattr', ['+i', f], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', f], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    tmp.remove();
  }
}

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('agent roster and the call log', () => {
  it.skipIf(!immutableSupported())(
    'loads by itself once a read-only call log is writable again',
    async () => {
      const tmp = tempDir();
      const file = path.join(tmp.dir, 'sauti.db');
      openWriter(file).db.close();
      execFileSync('chattr', ['+i', file]);
      cleanups.push(() => {
        execFileSync('chattr', ['-i', file]);
        tmp.remove();
      });
      const app = await startTestApp({
        dataDir: tmp.dir,
        echoMode: true,
        agentName: 'Desk',
        agentNumber: '+254700000001',
      });
      cleanups.push(() => app.stop());
      const console = new TestConsole(app);
      expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: false });
      expect(await console.cmd('agents.list', {})).toEqual([]);

      execFileSync('chattr', ['-i', file]);
      await waitFor(
        () => console.events.some((e) => e.name === 'agents.changed' && (e.data as Agent[]).length > 0),
        30_000,
        'roster loaded',
      );
      expect(await console.cmd('agents.list', {})).toEqual([
        expect.objectContaining({ name: 'Desk', number: '+254700000001', presence: 'available' }),
      ]);
    },
    40_000,
  );
});
