// "Take over here": this window's headset on a live call. The microphone is opened first (inside the
// click, so the browser allows it), then the core joins the window to the caller's stream: the
// caller's voice arrives as binary frames and plays in the speakers; the microphone's 20 ms frames go
// back the same way. No carrier call, no cost. Browser pieces are injected, so it is tested bare.
import type { ConsoleClient } from '../../api/console-client';
import { plainError } from '../../api/plain-error';
import { levelDbfs } from '../../shared/audio/pcm';
import { ExternalStore } from '../../shared/state/external-store';
import type { PhoneAudio } from '../../shared/audio/phone-audio';

export type HeadsetStage = 'off' | 'starting' | 'live' | 'ended' | 'error';

export interface HeadsetState {
  readonly stage: HeadsetStage;
  readonly callId: string | null;
  readonly message?: string;
  readonly micDbfs: number;
  readonly callerDbfs: number;
  /** Caller audio played so far, ms. */
  readonly heardMs: number;
}

export interface HeadsetDeps {
  readonly client: ConsoleClient;
  /** Opens the microphone (20 ms frames of 16 kHz PCM) and the speakers. */
  readonly startAudio: (onFrame: (frame: Int16Array) => void) => Promise<PhoneAudio>;
}

const OFF: HeadsetState = { stage: 'off', callId: null, micDbfs: -100, callerDbfs: -100, heardMs: 0 };
const SAMPLES_PER_MS = 16;
const PUBLISH_EVERY_FRAMES = 10;

export class Headset extends ExternalStore<HeadsetState> {
  private audio: PhoneAudio | null = null;
  private offs: (() => void)[] = [];
  private attempt = 0;
  private heardSamples = 0;
  private framesSincePublish = 0;
  private micDbfs = -100;
  private callerDbfs = -100;

  constructor(private readonly deps: HeadsetDeps) {
    super(OFF);
  }

  /** Whether this window holds (or is taking) `callId` on its headset. */
  holds(callId: string): boolean {
    const s = this.get();
    return s.callId === callId && (s.stage === 'starting' || s.stage === 'live');
  }

  get busy(): boolean {
    const { stage } = this.get();
    return stage === 'starting' || stage === 'live';
  }

  /** Takes `callId` on this window's headset (as `agentId`, when the window knows who it is). */
  async take(callId: string, agentId?: string): Promise<boolean> {
    if (this.busy) return false;
    const attempt = ++this.attempt;
    this.heardSamples = 0;
    this.set({ ...OFF, stage: 'starting', callId, message: 'Opening your microphone…' });
    try {
      this.audio = await this.deps.startAudio((frame) => this.onMicFrame(callId, frame));
      if (attempt !== this.attempt) return false;
      this.set({ ...this.get(), message: 'Joining the caller…' });
      const { accepted } = await this.deps.client.call('call.takeOver', { callId, agentId, via: 'headset' });
      if (attempt !== this.attempt) return false;
      if (!accepted) {
        this.fail('The call could not be taken over now.');
        return false;
      }
    } catch (err) {
      if (attempt === this.attempt) this.fail(describeStartError(err));
      return false;
    }
    this.listen(callId);
    this.set({ ...this.get(), stage: 'live', message: 'You are on the call: the caller hears you.' });
    return true;
  }

  /** Hands the call back (the AI takes it again, or a goodbye: the team's setting). */
  async release(): Promise<void> {
    const { callId } = this.get();
    if (!callId || !this.busy) return;
    this.attempt++;
    this.stopAudio();
    try {
      await this.deps.client.call('call.release', { callId });
      this.set({ ...this.get(), stage: 'ended', message: 'You handed the call back.' });
    } catch (err) {
      this.set({ ...this.get(), stage: 'error', message: plainError(err) });
    }
  }

  dispose(): void {
    this.attempt++;
    this.stopAudio();
  }

  private listen(callId: string): void {
    const { client } = this.deps;
    this.offs.push(
      client.onListenAudio((a) => {
        if (a.callId !== callId || a.direction !== 'inbound' || !this.audio) return;
        this.audio.play(a.pcm);
        this.heardSamples += a.pcm.length;
        this.callerDbfs = levelDbfs(a.pcm);
        this.maybePublish();
      }),
      client.on('call.ended', (e) => {
        if (e.callId === callId) this.end('The caller hung up.');
      }),
      client.on('call.changed', (c) => {
        // The call moved on without this window (released elsewhere, or the AI took it back).
        if (c.callId === callId && this.get().stage === 'live' && c.agentVia !== 'headset')
          this.end('The call left your headset.');
      }),
    );
  }

  private onMicFrame(callId: string, frame: Int16Array): void {
    this.micDbfs = levelDbfs(frame);
    if (this.get().stage === 'live' && this.get().callId === callId)
      this.deps.client.sendAudio(callId, frame);
    this.maybePublish();
  }

  private maybePublish(): void {
    if (++this.framesSincePublish < PUBLISH_EVERY_FRAMES) return;
    this.framesSincePublish = 0;
    this.set({
      ...this.get(),
      micDbfs: this.micDbfs,
      callerDbfs: this.callerDbfs,
      heardMs: Math.round(this.heardSamples / SAMPLES_PER_MS),
    });
  }

  private end(message: string): void {
    this.attempt++;
    this.stopAudio();
    this.set({ ...this.get(), stage: 'ended', message });
  }

  private fail(message: string): void {
    this.stopAudio();
    this.set({ ...this.get(), stage: 'error', message });
  }

  private stopAudio(): void {
    for (const off of this.offs.splice(0)) off();
    this.audio?.stop();
    this.audio = null;
    this.micDbfs = -100;
    this.callerDbfs = -100;
  }
}

function describeStartError(err: unknown): string {
  const name = (err as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'The microphone is blocked. Allow microphone access for this page, then try again.';
  if (name === 'NotFoundError') return 'No microphone was found on this computer.';
  if (name === 'NotReadableError') return 'The microphone is in use by another application.';
  return plainError(err);
}
