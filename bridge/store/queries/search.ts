// Full-text search over transcript lines (FTS5), newest lines first, each hit a snippet with the
// matches wrapped in [[ ]]. What a person types is turned into quoted terms, never FTS5 syntax.
import type { SearchHit, Speaker } from '../../api/contract';
import { sql } from '../sql';
import type { Statements } from '../statements';

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 200;
const MAX_TERMS = 12;
const SNIPPET_TOKENS = 14;

/**
 * Words → an FTS5 query of quoted terms, all required, the last one a prefix (search as you type).
 * Quoting makes every character literal: `AND`, `NEAR(`, `*` or `"` typed by a person are just text.
 */
export function toFtsQuery(input: string): string | null {
  const terms =
    input
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, MAX_TERMS) ?? [];
  if (terms.length === 0) return null;
  return terms.map((t, i) => `"${t.replace(/"/g, '""')}"${i === terms.length - 1 ? '*' : ''}`).join(' ');
}

export function searchTranscripts(st: Statements, args: { query: string; limit?: number }): SearchHit[] {
  const match = toFtsQuery(args.query);
  if (match === null) return [];
  const limit = Math.min(MAX_SEARCH_LIMIT, Math.max(1, Math.trunc(args.limit ?? DEFAULT_SEARCH_LIMIT)));
  // Newest first by rowid: FTS5 walks its doclists backwards and stops at the limit, so a common word
  // over millions of lines costs what a rare one does (ranking by bm25 would score every match).
  return st.all<{ callId: string; startedAt: number; from: string; speaker: Speaker; snippet: string }>(sql`
    SELECT t.call_id AS callId, c.started_at AS startedAt, c.from_number AS "from", t.speaker AS speaker,
      snippet(turns_fts, 0, '[[', ']]', '…', ${SNIPPET_TOKENS}) AS snippet
    FROM turns_fts
    JOIN turns t ON t.id = turns_fts.rowid
    JOIN calls c ON c.call_id = t.call_id
    WHERE turns_fts MATCH ${match}
    ORDER BY turns_fts.rowid DESC
    LIMIT ${limit}`);
}
