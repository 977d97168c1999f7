// The writer thread: holds the only writable connection, queues call events into the batch writer,
// answers the writes (deletions, agents, settings) and reports commits and its health to the core.
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { createRealClock } from '../base/clock';
import { SautiError } from '../base/errors';
import { BatchWriter } from './batch-writer';
import { openWriter, type OpenFaults } from './db';
import { loadAgents, removeAgent, saveAgent } from './queries/agents';
import { listCallbacks, markCallback, removeVoicemailFiles } from './queries/callbacks';
import { deleteCallerCalls, pruneCalls } from './queries/delete-calls';
import { deleteSetting, getSetting, setSetting } from './queries/settings';
import type { FromWorker, Implementation, StoreWrites, ToWorker, WireError, WorkerInit } from './protocol';

export function toWireError(err: unknown): WireError {
  if (err instanceof SautiError) return err.toData();
  return {
    code: 'STORE_FAILED',
    message: err instanceof Error ? err.message : String(err),
    retryable: false,
  };
}

export function runWriter(port: MessagePort, init: WorkerInit): void {
  const post = (message: FromWorker) => port.postMessage(message);
  let faults: OpenFaults = {};
  let opened: { schemaVersion: number; migratedFrom: number } | null = null;
  let readySent = false;

  const writer = new BatchWriter({
    file: init.file,
    clock: createRealClock(),
    batchMs: init.batchMs,
    heartbeatMs: init.heartbeatMs,
    maxBatchEvents: init.maxBatchEvents,
    retryMinMs: init.retryMinMs,
    retryMaxMs: init.retryMaxMs,
    open: () => {
      const conn = openWriter(init.file, { faults });
      opened = { schemaVersion: conn.migration.to, migratedFrom: conn.migration.from };
      if (conn.tightenedFiles.length > 0) {
        post({
          type: 'log',
          level: 'warn',
          msg: 'call log files were readable by other users: made private (0600)',
          fields: { files: conn.tightenedFiles.map((f) => path.basename(f)) },
        });
      }
      return conn.db;
    },
    onCommitted: (seq) => post({ type: 'committed', seq }),
    onStatus: (status) => post({ type: 'status', ok: status.ok, error: status.error }),
    onOpened: ({ first, closedInterruptedCalls }) => {
      if (!opened) return;
      if (first && opened.migratedFrom !== opened.schemaVersion) {
        post({
          type: 'log',
          level: 'info',
          msg: 'call log schema migrated',
          fields: { from: opened.migratedFrom, to: opened.schemaVersion },
        });
      }
      if (first && closedInterruptedCalls > 0) {
        post({
          type: 'log',
          level: 'warn',
          msg: 'closed calls left open by a previous run',
          fields: { calls: closedInterruptedCalls },
        });
      }
      if (!readySent) {
        readySent = true;
        post({
          type: 'ready',
          schemaVersion: opened.schemaVersion,
          migratedFrom: opened.migratedFrom,
          closedInterruptedCalls,
        });
      }
    },
    onRejected: (event, error) =>
      post({
        type: 'log',
        level: 'error',
        msg: 'a call event could not be stored: skipped',
        fields: { callId: event.callId, kind: event.kind, code: error.code, error: error.message },
      }),
  });

  const handlers: Implementation<StoreWrites> = {
    flush: () => ({ committedSeq: writer.flush() }),
    'caller.delete': ({ number }) => {
      const { deleted: deletedCalls, voicemailFiles } = writer.write((st, recorder) => {
        // Overwrite the deleted rows' bytes instead of leaving them in free pages.
        st.db.pragma('secure_delete = ON');
        try {
          return deleteCallerCalls(st, number);
        } finally {
          st.db.pragma('secure_delete = OFF');
          recorder.reset();
        }
      });
      // Move the overwritten pages out of the WAL as well; the caller's voicemails go with their calls.
      writer.read((st) => st.db.pragma('wal_checkpoint(TRUNCATE)'));
      removeVoicemailFiles(path.dirname(init.file), voicemailFiles);
      return { deletedCalls };
    },
    'calls.prune': ({ startedBefore, maxCalls }) => {
      const { voicemailFiles, ...result } = writer.write((st, recorder) => {
        const pruned = pruneCalls(st, startedBefore, maxCalls);
        recorder.reset();
        return pruned;
      });
      removeVoicemailFiles(path.dirname(init.file), voicemailFiles);
      return result;
    },
    'callbacks.list': (args) => writer.read((st) => listCallbacks(st, args)),
    'callback.mark': (args) => writer.write((st) => markCallback(st, args)),
    'agents.load': () => writer.read(loadAgents),
    'agent.save': ({ agent, atMs }) => {
      writer.write((st) => saveAgent(st, agent, atMs));
      return null;
    },
    'agent.remove': ({ id }) => ({ removed: writer.write((st) => removeAgent(st, id)) }),
    'setting.get': ({ key }) => ({ value: writer.read((st) => getSetting(st, key)) }),
    'setting.set': ({ key, value, atMs }) => {
      writer.write((st) => setSetting(st, key, value, atMs));
      return null;
    },
    'setting.delete': ({ key }) => ({ deleted: writer.write((st) => deleteSetting(st, key)) }),
    'fault.set': (next) => {
      if (!init.testFaults) throw new SautiError('STORE_NOT_ALLOWED', 'Faults can only be set in tests');
      faults = next;
      // The next open applies them: force one by flushing through a fresh connection.
      writer.reopen();
      return null;
    },
  };

  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'events':
        writer.append(message.firstSeq, message.events);
        return;
      case 'call': {
        const handler = (handlers as Record<string, ((args: unknown) => unknown) | undefined>)[message.name];
        try {
          if (!handler) throw new SautiError('STORE_UNKNOWN_CALL', `The store writer has no ${message.name}`);
          post({ type: 'result', id: message.id, ok: true, value: handler(message.args) });
        } catch (err) {
          post({ type: 'result', id: message.id, ok: false, error: toWireError(err) });
        }
        return;
      }
      case 'close': {
        const result = writer.close();
        post({ type: 'closed', ...result });
        port.close();
        return;
      }
    }
  });

  writer.start();
}
