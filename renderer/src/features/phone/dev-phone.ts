// The dev phone: a test call from this window through the real webhook and media path. The core
// answers its own /voice webhook (call.placeTest); the window then plays Sautikit's part on the media
// socket — audio.drachtio.org subprotocol, a JSON metadata frame, then 20 ms frames of 16 kHz PCM from
// the microphone — and plays what the AI sends back. Browser pieces are injected, so it is tested bare.
import type { TestCallTicket } from '../../api/contract';
import type { ConsoleClient } from '../../api/console-client';
import { plainError } from '../../api/plain-error';
import { levelDbfs } from '../../shared/audio/pcm';
import type { PhoneAudio } from '../../shared/audio/phone-audio';
import { ExternalStore } from '../../shared/state/external-store';

export const MEDIA_SUBPROTOCOL = 'audio.drachtio.org';
const SAMPLES_PER_MS = 16;
const STATS_EVERY_FRAMES = 10;

export type PhoneStage = 'idle' | 'mic' | 'placing' | 'connecting' | 'live' | 'ended' | 'error';

export interface PhoneState {
  readonly stage: PhoneStage;
  readonly callId: string | null;
  readonly message?: string;
  readonly connectedAt?: number;
  readonly sentMs: number;
  readonly heardMs: number;
  readonly micDbfs: number;
  readonly speakerDbfs: number;
}

/** The part of a browser WebSocket the phone uses. */
export interface PhoneSocket {
  binaryType: string;
  readonly readyState: number;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

export interface DevPhoneDeps {
  readonly client: ConsoleClient;
  readonly openSocket: (url: string, protocols: string[]) => PhoneSocket;
  /** Opens the microphone and speakers; frames are 20 ms of 16 kHz PCM. */
  readonly startAudio: (onFrame: (frame: Int16Array) => void) => Promise<PhoneAudio>;
  readonly now: () => number;
}

const IDLE: PhoneState = {
  stage: 'idle',
  callId: null,
  sentMs: 0,
  heardMs: 0,
  micDbfs: -100,
  speakerDbfs: -100,
};
const SOCKET_OPEN = 1;

export class DevPhone extends ExternalStore<PhoneState> {
  private socket: PhoneSocket | null = null;
  private audio: PhoneAudio | null = null;
  private sentSamples = 0;
  private heardSamples = 0;
  private framesSinceStats = 0;
  private micDbfs = -100;
  private speakerDbfs = -100;
  private attempt = 0;

  constructor(private readonly deps: DevPhoneDeps) {
    super(IDLE);
  }

  get busy(): boolean {
    const s = this.get().stage;
    return s === 'mic' || s === 'placing' || s === 'connecting' || s === 'live';
  }

  async call(): Promise<void> {
    if (this.busy) return;
    const attempt = ++this.attempt;
    this.sentSamples = 0;
    this.heardSamples = 0;
    this.set({ ...IDLE, stage: 'mic' });
    let ticket: TestCallTicket;
    try {
      this.audio = await this.deps.startAudio((frame) => this.onMicFrame(frame));
      if (attempt !== this.attempt) return;
      this.set({ ...this.get(), stage: 'placing' });
      ticket = await this.deps.client.call('call.placeTest', {});
      if (attempt !== this.attempt) return;
    } catch (err) {
      if (attempt === this.attempt) this.fail(describeStartError(err));
      return;
    }
    this.set({ ...this.get(), stage: 'connecting', callId: ticket.callId });
    this.connect(ticket, attempt);
  }

  hangUp(): void {
    if (!this.busy) return;
    this.attempt++;
    const ws = this.socket;
    this.socket = null;
    ws?.close(1000, 'caller hung up');
    this.stopAudio();
    this.set({ ...this.get(), stage: 'ended', message: 'You hung up.' });
  }

  reset(): void {
    if (!this.busy) this.set(IDLE);
  }

  private connect(ticket: TestCallTicket, attempt: number): void {
    let ws: PhoneSocket;
    try {
      ws = this.deps.openSocket(ticket.streamUrl, [MEDIA_SUBPROTOCOL]);
    } catch (err) {
      this.fail(`Could not open the media socket: ${(err as Error).message}`);
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    let opened = false;
    ws.onopen = () => {
      if (attempt !== this.attempt) return;
      opened = true;
      ws.send(JSON.stringify(ticket.metadata));
      this.set({ ...this.get(), stage: 'live', connectedAt: this.deps.now() });
    };
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer)
        this.onSpeakerAudio(new Int16Array(ev.data, 0, ev.data.byteLength >> 1));
      else if (typeof ev.data === 'string') this.onControl(ev.data);
    };
    ws.onerror = () => undefined;
    ws.onclose = (ev) => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.stopAudio();
      if (!opened) this.fail('The media socket refused the test call. Check the logs of the app.');
      else
        this.set({
          ...this.get(),
          stage: 'ended',
          message: ev.reason ? `Call ended (${ev.reason}).` : 'Call ended.',
        });
    };
  }

  private onMicFrame(frame: Int16Array): void {
    this.micDbfs = levelDbfs(frame);
    const ws = this.socket;
    if (ws && ws.readyState === SOCKET_OPEN && this.get().stage === 'live') {
      ws.send(frame.slice().buffer);
      this.sentSamples += frame.length;
    }
    this.maybePublishStats();
  }

  private onSpeakerAudio(samples: Int16Array): void {
    if (!this.audio) return;
    this.audio.play(samples);
    this.heardSamples += samples.length;
    this.speakerDbfs = levelDbfs(samples);
    this.maybePublishStats();
  }

  private onControl(text: string): void {
    try {
      const msg = JSON.parse(text) as { type?: string };
      if (msg.type === 'killAudio') this.audio?.flush();
    } catch {
      // Control frames are advisory (see carrier-protocol.ts); a bad one changes nothing.
    }
  }

  private maybePublishStats(): void {
    if (++this.framesSinceStats < STATS_EVERY_FRAMES) return;
    this.publishStats();
  }

  private publishStats(): void {
    this.framesSinceStats = 0;
    this.set({
      ...this.get(),
      sentMs: Math.round(this.sentSamples / SAMPLES_PER_MS),
      heardMs: Math.round(this.heardSamples / SAMPLES_PER_MS),
      micDbfs: this.micDbfs,
      speakerDbfs: this.speakerDbfs,
    });
  }

  private stopAudio(): void {
    this.audio?.stop();
    this.audio = null;
    this.micDbfs = -100;
    this.speakerDbfs = -100;
    this.publishStats();
  }

  private fail(message: string): void {
    this.stopAudio();
    const ws = this.socket;
    this.socket = null;
    ws?.close(1000);
    this.set({ ...this.get(), stage: 'error', message, micDbfs: -100, speakerDbfs: -100 });
  }
}

function describeStartError(err: unknown): string {
  const name = (err as { name?: string }).name;
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'The microphone is blocked. Allow microphone access for this page, then try again.';
  }
  if (name === 'NotFoundError') return 'No microphone was found on this computer.';
  if (name === 'NotReadableError') return 'The microphone is in use by another application.';
  return plainError(err);
}
