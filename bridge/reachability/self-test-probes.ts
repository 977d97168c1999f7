// "Test my setup" proves the media upgrade through the tunnel with a one-off probe: a media URL whose
// token names a probe id (not a call), accepted once within 30 s and closed at once — no call, no
// session, no AI.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../base/clock';
import { issueCallToken, mediaUrlOn } from '../media/call-token';

export const PROBE_TTL_MS = 30_000;

export class SelfTestProbes {
  private readonly live = new Set<string>();

  constructor(private readonly clock: Clock) {}

  /** A media URL on `publicUrl` that the media server accepts once. */
  issue(publicUrl: string, secret: string): string {
    const id = `selftest-${randomBytes(6).toString('hex')}`;
    this.live.add(id);
    this.clock.setTimeout(() => this.live.delete(id), PROBE_TTL_MS);
    const token = issueCallToken(secret, {
      callSid: id,
      purpose: 'media',
      expiresAtMs: this.clock.epochMs() + PROBE_TTL_MS,
    });
    return mediaUrlOn(publicUrl, token);
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  /** Uses the probe up (true when it was one). */
  take(id: string): boolean {
    return this.live.delete(id);
  }
}
