// The human route's webhook URLs, each carrying a signed handoff token (call + optional agent) so
// Sautikit's later fetches (/handoff, /dial-status, /agent-leg, /voicemail) cannot be forged. Tokens
// outlive a queue wait and a voicemail, and only ever act on a call this app still knows.
import type { Clock } from '../clock';
import { issueCallToken, verifyCallToken } from '../media/call-token';

export const HANDOFF_TOKEN_TTL_MS = 2 * 60 * 60_000;

export type HandoffPath = '/handoff' | '/dial-status' | '/agent-leg' | '/voicemail';

export interface HandoffUrls {
  url(path: HandoffPath, callSid: string, agentId?: string): string;
  /** The URL without its token, for timelines and logs. */
  redacted(path: HandoffPath): string;
  verify(token: string | undefined): { callSid: string; agentId?: string } | null;
}

export function createHandoffUrls(deps: {
  secret: string;
  clock: Clock;
  publicUrl: () => string;
}): HandoffUrls {
  return {
    url(path, callSid, agentId) {
      const token = issueCallToken(deps.secret, {
        callSid,
        purpose: 'handoff',
        expiresAtMs: deps.clock.epochMs() + HANDOFF_TOKEN_TTL_MS,
        agentId,
      });
      return `${deps.publicUrl()}${path}?t=${encodeURIComponent(token)}`;
    },
    redacted: (path) => `${deps.publicUrl()}${path}`,
    verify(token) {
      const check = verifyCallToken(deps.secret, token, 'handoff', deps.clock.epochMs());
      return check.ok ? { callSid: check.claims.callSid, agentId: check.claims.agentId } : null;
    },
  };
}
