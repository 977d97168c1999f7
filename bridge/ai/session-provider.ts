// The provider side every realtime model shares: a name, a model and its capabilities, and `connect`,
// which opens a session with the call's own instructions (or the team's default) and resolves once the
// session is set up.
import type {
  ProviderCapabilities,
  ProviderName,
  RealtimeProvider,
  RealtimeSession,
  SessionOptions,
} from './provider';

/** A session that is not yet connected: `start` opens it, or rejects with a SautiError. */
export interface StartableSession extends RealtimeSession {
  start(): Promise<void>;
}

export interface SessionProviderParts {
  readonly name: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;
  /** Used when a session is opened without instructions of its own. */
  readonly defaultInstructions: string;
  readonly createSession: (instructions: string, options: SessionOptions) => StartableSession;
}

export class SessionProvider implements RealtimeProvider {
  readonly name: ProviderName;
  readonly model: string;
  readonly capabilities: ProviderCapabilities;

  constructor(private readonly parts: SessionProviderParts) {
    this.name = parts.name;
    this.model = parts.model;
    this.capabilities = parts.capabilities;
  }

  async connect(options: SessionOptions): Promise<RealtimeSession> {
    const instructions = options.instructions.trim() || this.parts.defaultInstructions;
    const session = this.parts.createSession(instructions, options);
    await session.start();
    return session;
  }
}
