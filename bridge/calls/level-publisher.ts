// The console's level meters for one call: the caller's level as we hear it and ours as we send it,
// published on the caller's frame clock at most every LEVEL_PUBLISH_MS, never once per frame.
import type { CallId } from '../domain/ids';
import { levelDbfs, SILENCE_DBFS } from '../media/pcm';
import type { CallRegistry } from './registry';

const LEVEL_PUBLISH_MS = 200;

export interface LevelPublisherOptions {
  readonly callId: CallId;
  readonly registry: CallRegistry;
  /** Our audio is still playing: the level of the last frame sent stands until it stops. */
  readonly playing: () => boolean;
}

export class LevelPublisher {
  /** The last frame sent (the pacer never reuses its frames); measured only when the levels go out. */
  private lastOutbound: Int16Array | null = null;
  private lastPublishMs = 0;

  constructor(private readonly o: LevelPublisherOptions) {}

  /** A frame went to the carrier. */
  outbound(frame: Int16Array): void {
    this.lastOutbound = frame;
  }

  /** A caller frame at `inboundDbfs` arrived at `nowMs`: both levels go out when it is time. */
  inbound(nowMs: number, inboundDbfs: number): void {
    if (nowMs - this.lastPublishMs < LEVEL_PUBLISH_MS) return;
    this.lastPublishMs = nowMs;
    if (!this.o.playing()) this.lastOutbound = null;
    const outboundDbfs = this.lastOutbound ? levelDbfs(this.lastOutbound) : SILENCE_DBFS;
    this.o.registry.setLevels(this.o.callId, inboundDbfs, outboundDbfs);
  }
}
