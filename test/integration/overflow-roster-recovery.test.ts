// The agent roster lives in the call log. A log that cannot be written at start does not stop calls
// being answered, and the roster loads by itself (seeding the configured agent) once the log recovers.
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../bridge/api/contract';
import { startTestApp } from '../harness/app';
import { immutableSupported, readOnlyLog } from '../harness/read-only-log';
import { TestConsole } from '../harness/test-console';
import { waitFor } from '../sim/carrier';

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('agent roster and the call log', () => {
  it.skipIf(!immutableSupported())(
    'loads by itself once a read-only call log is writable again',
    async () => {
      const logFile = readOnlyLog();
      cleanups.push(() => logFile.remove());
      const app = await startTestApp({
        dataDir: logFile.dir,
        echoMode: true,
        agentName: 'Desk',
        agentNumber: '+254700000001',
      });
      cleanups.push(() => app.stop());
      const console = new TestConsole(app);
      expect(await console.cmd('status.get', {})).toMatchObject({ storeOk: false });
      expect(await console.cmd('agents.list', {})).toEqual([]);

      logFile.makeWritable();
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
