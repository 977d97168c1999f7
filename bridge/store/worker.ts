// The store thread's entry: the writer or the reader, by the role in workerData. Built as its own
// entry (see worker-script.ts); under tsx and vitest it runs from source. Either runs at a lower CPU
// priority than the main thread, where the OS allows it per thread (thread-priority.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, WorkerInit } from './protocol';
import { runReader } from './reader-thread';
import { lowerThreadPriority } from './thread-priority';
import { runWriter } from './writer-thread';

const init = workerData as WorkerInit;
if (!parentPort) throw new Error('bridge/store/worker.ts runs only as a worker thread');
const priority = lowerThreadPriority();
parentPort.postMessage({
  type: 'log',
  level: 'info',
  msg: priority.lowered ? 'store thread runs below the main thread' : 'store thread priority unchanged',
  fields: priority.lowered ? { nice: priority.nice } : { reason: priority.reason },
} satisfies FromWorker);
if (init.role === 'writer') runWriter(parentPort, init);
else runReader(parentPort, init);
