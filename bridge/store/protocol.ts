// The one typed interface between the core and the store threads, declared once as name → function
// maps (reads on the reader thread, writes on the writer thread) plus the messages that carry them.
import type {
  CallbackRow,
  CallDetail,
  DailySummary,
  HistoryFilters,
  HistoryPage,
  SearchHit,
} from '../api/contract';
import type { CallEvent } from '../domain/call-events';
import type { StoredAgent } from '../domain/agent';
import type { OpenFaults } from './db';
import type { DailyArgs } from './queries/daily-stats';
import type { ExportArgs, ExportFile } from './queries/export-calls';

/** Answered by the reader thread on its read-only connection. */
export interface StoreReads {
  'history.list': (args: { filters?: HistoryFilters; cursor?: string; limit?: number }) => HistoryPage;
  'history.search': (args: { query: string; limit?: number }) => SearchHit[];
  'history.detail': (args: { callId: string }) => CallDetail;
  /** The voicemail file recorded here for a call (relative to the data folder), never sent to a console. */
  'voicemail.file': (args: { callId: string }) => { file?: string };
  'history.export': (args: ExportArgs) => ExportFile;
  'stats.daily': (args: DailyArgs) => DailySummary[];
}

/** Answered by the writer thread (and the reads that must see its latest writes). */
export interface StoreWrites {
  /** Commits every queued event now. */
  flush: (args: Record<string, never>) => { committedSeq: number };
  'caller.delete': (args: { number: string }) => { deletedCalls: number };
  'calls.prune': (args: { startedBefore: number; maxCalls: number }) => {
    deletedCalls: number;
    more: boolean;
  };
  /** Messages not yet called back (read here: marking one must be seen at once). */
  'callbacks.list': (args: { limit?: number }) => CallbackRow[];
  'callback.mark': (args: { callId: string; done: boolean; atMs: number }) => CallbackRow;
  'agents.load': (args: Record<string, never>) => StoredAgent[];
  'agent.save': (args: { agent: StoredAgent; atMs: number }) => null;
  'agent.remove': (args: { id: string }) => { removed: boolean };
  'setting.get': (args: { key: string }) => { value: unknown };
  'setting.set': (args: { key: string; value: unknown; atMs: number }) => null;
  'setting.delete': (args: { key: string }) => { deleted: boolean };
  /** Test-only (the writer refuses it unless started with `testFaults`): reopen with these faults. */
  'fault.set': (args: OpenFaults) => null;
}

export type StoreRole = 'writer' | 'reader';

export type Implementation<M> = {
  [N in keyof M]: M[N] extends (args: infer A) => infer R ? (args: A) => R : never;
};

export interface WorkerInit {
  readonly role: StoreRole;
  readonly file: string;
  readonly batchMs?: number;
  readonly heartbeatMs?: number;
  readonly maxBatchEvents?: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** Allows `fault.set` (tests of the bad cases). */
  readonly testFaults?: boolean;
}

export interface WireError {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

export type ToWorker =
  | { readonly type: 'call'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly type: 'events'; readonly firstSeq: number; readonly events: readonly CallEvent[] }
  | { readonly type: 'close' };

export type FromWorker =
  | {
      readonly type: 'ready';
      readonly schemaVersion: number;
      readonly migratedFrom: number;
      readonly closedInterruptedCalls: number;
    }
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly type: 'committed'; readonly seq: number }
  | { readonly type: 'status'; readonly ok: boolean; readonly error?: WireError }
  | {
      readonly type: 'log';
      readonly level: 'info' | 'warn' | 'error';
      readonly msg: string;
      readonly fields: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'closed'; readonly committedSeq: number; readonly unwritten: number };
