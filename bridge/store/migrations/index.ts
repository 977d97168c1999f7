// Every migration in order. Append only.
import { migration0001 } from './0001-call-log';
import { migration0002 } from './0002-transcript-search';
import { migration0003 } from './0003-agents-and-settings';
import { migration0004 } from './0004-search-secure-delete';
import { migration0005 } from './0005-turn-latency-index';
import { migration0006 } from './0006-call-hours';
import { migration0007 } from './0007-call-live-at';
import { migration0008 } from './0008-callbacks';
import type { Migration } from './migration';

export const MIGRATIONS: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
  migration0006,
  migration0007,
  migration0008,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
