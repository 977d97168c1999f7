// The store thread's entry: the writer or the reader, by the role in workerData. Built as its own
// entry (see worker-script.ts); under tsx and vitest it runs from source.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit } from './protocol';
import { runReader } from './reader-thread';
import { runWriter } from './writer-thread';

const init = workerData as WorkerInit;
if (!parentPort) throw new Error('bridge/store/worker.ts runs only as a worker thread');
if (init.role === 'writer') runWriter(parentPort, init);
else runReader(parentPort, init);
