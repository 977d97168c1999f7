import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority, type PriorityDeps } from '../../../bridge/store/thread-priority';

function fakeOs(over: Partial<PriorityDeps> = {}) {
  const set: [number, number][] = [];
  const deps: PriorityDeps = {
    platform: 'linux',
    isMainThread: false,
    threadId: () => 4242,
    getPriority: () => 0,
    setPriority: (tid, nice) => void set.push([tid, nice]),
    ...over,
  };
  return { deps, set };
}

describe('lowerThreadPriority', () => {
  it('nices the calling worker thread by its own id on Linux', () => {
    const { deps, set } = fakeOs();
    expect(lowerThreadPriority(10, deps)).toEqual({ lowered: true, tid: 4242, nice: 10 });
    expect(set).toEqual([[4242, 10]]);
  });

  it('never raises a priority already lower, and never touches the main thread', () => {
    const lower = fakeOs({ getPriority: () => 15 });
    expect(lowerThreadPriority(10, lower.deps)).toEqual({ lowered: true, tid: 4242, nice: 15 });
    expect(lower.set).toEqual([]);
    const main = fakeOs({ isMainThread: true });
    expect(lowerThreadPriority(10, main.deps).lowered).toBe(false);
    expect(main.set).toEqual([]);
  });

  it('does nothing where priority is per process (macOS, Windows) and reports a failure as data', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const other = fakeOs({ platform });
      expect(lowerThreadPriority(10, other.deps)).toMatchObject({ lowered: false });
      expect(other.set).toEqual([]);
    }
    const refused = fakeOs({
      setPriority: () => {
        throw new Error('EACCES');
      },
    });
    expect(lowerThreadPriority(10, refused.deps)).toEqual({ lowered: false, reason: 'EACCES' });
  });

  it.runIf(process.platform === 'linux')(
    'on Linux, lowers a real worker thread and leaves the main thread as it was',
    async () => {
      const os = await import('node:os');
      const before = os.getPriority(process.pid);
      const moduleUrl = new URL('../../../bridge/store/thread-priority.ts', import.meta.url).href;
      // The worker reads its own nice value back through /proc (field 19 of its stat line).
      const worker = new Worker(
        `
        const { parentPort, workerData } = require('node:worker_threads');
        const { readFileSync } = require('node:fs');
        import(workerData.tsx).then((tsx) => { tsx.register(); return import(workerData.url); }).then((m) => {
          const result = m.lowerThreadPriority(7);
          const stat = readFileSync('/proc/thread-self/stat', 'utf8');
          const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
          parentPort.postMessage({ result, nice });
        });
        `,
        {
          eval: true,
          workerData: { url: moduleUrl, tsx: import.meta.resolve('tsx/esm/api') },
        },
      );
      const answer = await new Promise<{ result: { lowered: boolean }; nice: number }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      await worker.terminate();
      expect(answer.result.lowered).toBe(true);
      expect(answer.nice).toBeGreaterThanOrEqual(7);
      expect(os.getPriority(process.pid)).toBe(before);
    },
  );
});
