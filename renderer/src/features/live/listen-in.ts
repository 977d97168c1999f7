// Listen-in: asks the core for a call's live audio and plays both directions (caller and AI) with Web
// Audio as the 100 ms batches arrive (binary listen frames, decoded by the console client). One call at a time; stops itself when the call ends.
import type { ConsoleClient } from '../../api/console-client';
import { plainError } from '../../api/plain-error';
import { ExternalStore } from '../../shared/state/external-store';
import { PcmPlayer, type AudioOutput } from '../../shared/audio/pcm-player';

export interface ListenState {
  readonly callId: string | null;
  readonly status: 'off' | 'starting' | 'on' | 'error';
  readonly message?: string;
  /** Audio received so far (the longer of the two directions), updated about once a second. */
  readonly receivedMs?: number;
}

const PUBLISH_EVERY_BATCHES = 10;

export interface ListenAudioContext extends AudioOutput {
  close(): Promise<void>;
  resume(): Promise<void>;
}

export class ListenIn extends ExternalStore<ListenState> {
  private ctx: ListenAudioContext | null = null;
  private players: { inbound: PcmPlayer; outbound: PcmPlayer } | null = null;
  private offAudio: (() => void) | null = null;
  private readonly receivedSamples = { inbound: 0, outbound: 0 };
  private batchesSincePublish = 0;
  private readonly offEnded: () => void;

  constructor(
    private readonly client: ConsoleClient,
    private readonly createContext: () => ListenAudioContext,
  ) {
    super({ callId: null, status: 'off' });
    this.offEnded = client.on('call.ended', ({ callId }) => {
      if (this.get().callId === callId) this.release({ callId: null, status: 'off' });
    });
  }

  isListening(callId: string): boolean {
    const s = this.get();
    return s.callId === callId && (s.status === 'on' || s.status === 'starting');
  }

  toggle(callId: string): Promise<void> {
    return this.isListening(callId) ? this.stop() : this.start(callId);
  }

  async start(callId: string): Promise<void> {
    if (this.get().callId && this.get().callId !== callId) await this.stop();
    // Created inside the click, before any await, so the browser lets it play.
    const ctx = this.createContext();
    this.ctx = ctx;
    this.set({ callId, status: 'starting' });
    try {
      const { sampleRateHz } = await this.client.call('call.listen', { callId, on: true });
      if (this.ctx !== ctx) return;
      await ctx.resume().catch(() => undefined);
      this.players = {
        inbound: new PcmPlayer(ctx, { sampleRateHz }),
        outbound: new PcmPlayer(ctx, { sampleRateHz }),
      };
      this.receivedSamples.inbound = 0;
      this.receivedSamples.outbound = 0;
      this.offAudio = this.client.onListenAudio((a) => {
        if (a.callId !== callId || !this.players) return;
        this.players[a.direction].push(a.pcm);
        this.receivedSamples[a.direction] += a.pcm.length;
        if (++this.batchesSincePublish < PUBLISH_EVERY_BATCHES) return;
        this.batchesSincePublish = 0;
        const most = Math.max(this.receivedSamples.inbound, this.receivedSamples.outbound);
        this.set({ callId, status: 'on', receivedMs: Math.round((most / sampleRateHz) * 1000) });
      });
      this.set({ callId, status: 'on', receivedMs: 0 });
    } catch (err) {
      if (this.ctx === ctx) this.release({ callId, status: 'error', message: plainError(err) });
    }
  }

  async stop(): Promise<void> {
    const { callId, status } = this.get();
    this.release({ callId: null, status: 'off' });
    if (callId && status !== 'error') {
      await this.client.call('call.listen', { callId, on: false }).catch(() => undefined);
    }
  }

  dispose(): void {
    this.offEnded();
    void this.stop();
  }

  private release(next: ListenState): void {
    this.offAudio?.();
    this.offAudio = null;
    this.players = null;
    const ctx = this.ctx;
    this.ctx = null;
    void ctx?.close().catch(() => undefined);
    this.set(next);
  }
}
