// The AI thread's entry (electron-vite builds it as ai-worker.js beside the main bundle): the realtime
// models' sockets, JSON and base64 live here, off the thread that paces every call's audio.
import { parentPort } from 'node:worker_threads';
import { createProvider } from '../create-provider';
import { serveAiThread } from './serve';

if (!parentPort) throw new Error('ai worker: no parent port (run it as a worker thread)');
serveAiThread(parentPort, { createProvider });
