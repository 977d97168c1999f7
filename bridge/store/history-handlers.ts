// Console commands for the call log: thin calls to the store's reader (history, search, detail,
// export, daily stats) and writer (a caller's data-protection deletion, callbacks marked done), and
// voicemails recorded here, read from the data folder in parts a console message can carry.
// Arguments are already validated by the dispatcher against schemas.ts.
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import { SautiError } from '../base/errors';
import type { StoreClient } from './client';
import type { VoicemailPart } from '../api/contract';
import type { Handlers } from '../console/rpc';

export type HistoryHandlers = Pick<
  Handlers,
  | 'history.list'
  | 'history.search'
  | 'history.detail'
  | 'history.export'
  | 'history.deleteCaller'
  | 'history.voicemail'
  | 'callbacks.list'
  | 'callback.done'
  | 'stats.daily'
>;

const DEFAULT_STATS_DAYS = 7;
/** WAV bytes per part: about 512 KB of base64, well inside a console message. */
export const VOICEMAIL_PART_BYTES = 384 * 1024;

/** Reads `offset…` of a voicemail file recorded here (only inside the data folder's voicemail folder). */
export function readVoicemailPart(dataDir: string, file: string, offset: number): VoicemailPart {
  const folder = path.resolve(dataDir, 'voicemail');
  const full = path.resolve(dataDir, file);
  if (path.dirname(full) !== folder)
    throw new SautiError('STORE_VOICEMAIL_MISSING', 'That voicemail is not in this app’s data folder');
  let fd: number;
  try {
    fd = openSync(full, 'r');
  } catch {
    throw new SautiError('STORE_VOICEMAIL_MISSING', 'The voicemail file is missing from the data folder');
  }
  try {
    const totalBytes = fstatSync(fd).size;
    const length = Math.max(0, Math.min(VOICEMAIL_PART_BYTES, totalBytes - offset));
    const bytes = Buffer.alloc(length);
    readSync(fd, bytes, 0, length, offset);
    const end = offset + length;
    return {
      contentType: 'audio/wav',
      base64: bytes.toString('base64'),
      offset,
      totalBytes,
      next: end < totalBytes ? end : undefined,
    };
  } finally {
    closeSync(fd);
  }
}

export function historyHandlers(
  store: StoreClient,
  deps: { readonly dataDir: string; readonly callbacksChanged: (callId: string) => void },
): HistoryHandlers {
  return {
    'history.list': (args) => store.history(args),
    'history.search': (args) => store.search(args),
    'history.detail': ({ callId }) => store.detail(callId),
    'history.export': (args) => store.exportCalls(args),
    'history.deleteCaller': ({ number }) => store.deleteCaller(number),
    'history.voicemail': async ({ callId, offset }) => {
      const file = await store.voicemailFile(callId);
      if (!file) throw new SautiError('STORE_VOICEMAIL_MISSING', 'This call has no voicemail recorded here');
      return readVoicemailPart(deps.dataDir, file, offset ?? 0);
    },
    'callbacks.list': ({ limit }) => store.callbacks(limit),
    'callback.done': async ({ callId, done }) => {
      const row = await store.markCallback(callId, done);
      deps.callbacksChanged(callId);
      return row;
    },
    'stats.daily': ({ days }) => store.daily({ days: days ?? DEFAULT_STATS_DAYS }),
  };
}
