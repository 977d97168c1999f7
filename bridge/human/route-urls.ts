// The signed URLs the carrier is given for a call: the caller's media stream and an agent leg's
// (`<Stream url=…/media?t=…>`), and the human route's webhooks (/agent-leg, /handoff, /dial-status,
// /voicemail). Each carries a token naming the call (and the agent and leg), so a later fetch cannot
// be forged or replayed for another call; webhook tokens outlive a queue wait and a voicemail.
import type { Clock } from '../base/clock';
import { issueCallToken, mediaUrlOn, verifyCallToken, type CallTokenClaims } from '../media/call-token';

export const ROUTE_TOKEN_TTL_MS = 2 * 60 * 60_000;

export type RoutePath = '/handoff' | '/dial-status' | '/agent-leg' | '/voicemail';

export interface RouteTarget {
  readonly agentId?: string;
  readonly legId?: string;
}

export interface RouteUrls {
  /** A webhook URL for `path`, with a token bound to that path's purpose, the call and its target. */
  url(path: RoutePath, callSid: string, target?: RouteTarget): string;
  /** The URL without its token, for timelines and logs. */
  redacted(path: RoutePath): string;
  /** The claims of `path`'s token, or null when it is missing, forged, expired or for another path. */
  verify(path: RoutePath, token: string | undefined): (RouteTarget & { readonly callSid: string }) | null;
  /** The media socket URL for the caller's stream (`legId` absent) or an agent leg's. */
  mediaUrl(callSid: string, ttlMs: number, target?: RouteTarget): string;
}

export function createRouteUrls(deps: { secret: string; clock: Clock; publicUrl: () => string }): RouteUrls {
  const issue = (claims: Omit<CallTokenClaims, 'expiresAtMs'>, ttlMs: number) =>
    issueCallToken(deps.secret, { ...claims, expiresAtMs: deps.clock.epochMs() + ttlMs });
  return {
    url(path, callSid, target = {}) {
      const token = issue({ callSid, purpose: 'handoff', route: path, ...target }, ROUTE_TOKEN_TTL_MS);
      return `${deps.publicUrl()}${path}?t=${encodeURIComponent(token)}`;
    },
    redacted: (path) => `${deps.publicUrl()}${path}`,
    verify(path, token) {
      const check = verifyCallToken(deps.secret, token, 'handoff', deps.clock.epochMs());
      if (!check.ok || check.claims.route !== path) return null;
      const { callSid, agentId, legId } = check.claims;
      return { callSid, agentId, legId };
    },
    mediaUrl(callSid, ttlMs, target = {}) {
      const purpose = target.legId ? 'agent-media' : 'media';
      return mediaUrlOn(deps.publicUrl(), issue({ callSid, purpose, ...target }, ttlMs));
    },
  };
}
