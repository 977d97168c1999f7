// The RealtimeSession every provider's session is, over its link to the service: `start` opens the
// link and then lets the held events out, caller audio goes down the link, and `close` closes it once
// and says so; a failure found on our side (garbage in a burst, our own handler throwing) closes it and
// says why. Each provider adds how it speaks (greet, nudge, say, truncation, the handoff answer).
import type { Emitter } from '../base/emitter';
import type { SautiError } from '../base/errors';
import type { ProviderCapabilities, ProviderName, RealtimeSessionEvents, SessionOptions } from './provider';
import { SessionOutbox } from './session-outbox';
import type { StartableSession } from './session-provider';

/** A provider's link to its service, as the session uses it. */
export interface ModelLink {
  readonly closed: boolean;
  /** Connects and sets the session up; rejects with a SautiError (auth, quota, timeout…). */
  open(): Promise<void>;
  /** Caller audio at the provider's input rate (held while the link is not open). */
  sendAudio(pcm: Int16Array): void;
  close(): void;
}

export abstract class ModelSession implements StartableSession {
  readonly events: Emitter<RealtimeSessionEvents>;
  protected readonly outbox: SessionOutbox;
  protected abstract readonly link: ModelLink;

  constructor(
    readonly provider: ProviderName,
    readonly model: string,
    readonly capabilities: ProviderCapabilities,
    options: SessionOptions,
  ) {
    this.outbox = new SessionOutbox(provider, options.log, options.clock, (err) => this.fail(err));
    this.events = this.outbox.events;
  }

  async start(): Promise<void> {
    await this.link.open();
    this.outbox.opened(this.model, () => this.link.closed);
  }

  sendAudio(pcm: Int16Array): void {
    this.link.sendAudio(pcm);
  }

  close(reason: string): void {
    if (this.link.closed) return;
    this.link.close();
    this.outbox.closed(reason);
  }

  /** The session cannot go on: the link closes and the call hears why (once). */
  protected fail(err: SautiError): void {
    if (this.link.closed) return;
    this.link.close();
    this.outbox.failed(err);
  }

  abstract greet(text: string): void;
  abstract nudge(text: string): void;
  abstract say(text: string): void;
  abstract truncateHeard(heardMs: number): void;
  abstract answerHandoff(toolCallId: string, result: { accepted: boolean; message: string }): void;
}
