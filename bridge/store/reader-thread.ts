// The reader thread: a read-only connection answering history, search, detail, export and stats, so
// a slow search never waits on a batch commit and a commit never waits on a search.
import type { MessagePort } from 'node:worker_threads';
import { SautiError } from '../base/errors';
import { openReader } from './db';
import { callDetail, callRecord } from './queries/call-detail';
import { dailySummaries } from './queries/daily-summary';
import { exportCalls } from './queries/export-calls';
import { listHistory } from './queries/history';
import { searchTranscripts } from './queries/search';
import type { FromWorker, Implementation, StoreReads, ToWorker, WorkerInit } from './protocol';
import { isStorageFault, toStoreError } from './sqlite-errors';
import { Statements } from './statements';
import { toWireError } from './writer-thread';

export function runReader(port: MessagePort, init: WorkerInit): void {
  const post = (message: FromWorker) => port.postMessage(message);
  let st: Statements | null = null;
  const conn = (): Statements => (st ??= new Statements(openReader(init.file)));
  const drop = () => {
    try {
      st?.db.close();
    } catch {
      // already unusable
    }
    st = null;
  };

  const handlers: Implementation<StoreReads> = {
    'history.list': (args) => listHistory(conn(), args),
    'history.search': (args) => searchTranscripts(conn(), args),
    'history.detail': ({ callId }) => callDetail(conn(), callId),
    'voicemail.file': ({ callId }) => ({ file: callRecord(conn(), callId)?.voicemailFile ?? undefined }),
    'history.export': (args) => exportCalls(conn(), args),
    'stats.daily': (args) => dailySummaries(conn(), args),
  };

  port.on('message', (message: ToWorker) => {
    if (message.type === 'close') {
      drop();
      post({ type: 'closed', committedSeq: 0, unwritten: 0 });
      port.close();
      return;
    }
    if (message.type !== 'call') return;
    const handler = (handlers as Record<string, ((args: unknown) => unknown) | undefined>)[message.name];
    try {
      if (!handler) throw new SautiError('STORE_UNKNOWN_CALL', `The store reader has no ${message.name}`);
      post({ type: 'result', id: message.id, ok: true, value: handler(message.args) });
    } catch (err) {
      // A storage fault may have left the connection unusable: the next read opens a fresh one.
      if (isStorageFault(err)) drop();
      post({
        type: 'result',
        id: message.id,
        ok: false,
        error: toWireError(err instanceof SautiError ? err : toStoreError(err, init.file)),
      });
    }
  });
}
