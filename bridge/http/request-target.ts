// The request-target of an incoming HTTP request (RFC 9112 §3.2), parsed without ever throwing: the
// client writes it, and `new URL()` / `decodeURIComponent` throw on targets such as `http://[` or `/%`.
// Every server of ours reads its paths through this; null means "answer 400".

export interface RequestTarget {
  /** The path as sent, still percent-encoded, e.g. `/media`. */
  readonly pathname: string;
  /** The path percent-decoded (what a file name is made from). */
  readonly decodedPath: string;
  readonly searchParams: URLSearchParams;
}

/** Longer than any target we serve (Node caps the whole header block at 16 KiB anyway). */
const MAX_TARGET_CHARS = 8192;
const BASE = 'http://request-target.invalid';

/** The target's path and query, or null when it is not one a server of ours can answer. */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw || raw.length > MAX_TARGET_CHARS) return null;
  let url: URL;
  try {
    // origin-form is always a path, `//x` included (never an authority, as `new URL(raw, base)` reads it);
    // absolute-form is allowed by RFC 9112 §3.2.2; asterisk- and authority-form serve nothing here.
    if (raw.startsWith('/')) url = new URL(BASE + raw);
    else if (/^https?:\/\//i.test(raw)) url = new URL(raw);
    else return null;
  } catch {
    return null;
  }
  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decodedPath.includes('\0')) return null;
  return { pathname: url.pathname, decodedPath, searchParams: url.searchParams };
}
