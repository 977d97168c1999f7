// What the benchmark asks of the simulated carrier in its own process (carrier-process.ts), declared
// once as op → (args) → result; remote-carrier.ts derives the typed calls from it.

export interface StreamReport {
  readonly callSid: string;
  /** The caller's stream, or an agent's phone leg. */
  readonly role: 'caller' | 'agent';
  /** When the first frame arrived, on the carrier process's performance clock; -1 for none. */
  readonly firstFrameAtMs: number;
  readonly frames: number;
  readonly countedFrames: number;
  readonly lateFrames: number;
  readonly worstLateMs: number;
}

export interface Spread {
  readonly count: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export interface CarrierReport {
  readonly streams: readonly StreamReport[];
  /** Relayed voice: the far side's send → arrival, ms, by the role that received it (counting window). */
  readonly relayMs: Readonly<Record<'caller' | 'agent', Spread>>;
  /** The carrier process's own event loop and CPU in the counting window (its lateness is not the app's). */
  readonly loopDelayMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly cpuCorePct: number;
}

export interface CarrierCommands {
  /** The carrier process's performance clock now (for the clock offset). */
  ping(args: Record<string, never>): { nowMs: number };
  /**
   * Places `count` AI calls: through the app's /voice and the media URL it answers (`appUrl`), or
   * straight to a relay's media URL (`relayUrl`). Each caller sends silence in real time. Calls are set
   * up in batches, or with `everyMs` one at a time that far apart (new calls joining a loaded app).
   */
  aiCalls(args: { appUrl?: string; relayUrl?: string; count: number; everyMs?: number }): {
    callSids: string[];
  };
  /** Starts the carrier's REST API and PBX; every number in `agents` answers and talks (tagged voice). */
  restStart(args: { webhookSecret: string; agents: string[] }): { url: string; apiKey: string };
  /** Points the REST side at the app and readies inbound calls to it. */
  restConnect(args: { appUrl: string; teamNumber: string }): Record<string, never>;
  /** Places `count` inbound calls that the app hands to people; each caller talks (tagged voice). */
  humanCalls(args: { count: number }): { callSids: string[] };
  /** How many agent legs have their stream open. */
  agentLegs(args: Record<string, never>): { open: number };
  /** Starts the fake Gemini Live service here (the model side of the wire-cost measurement). */
  geminiStart(args: { chunkMs: number; speedup: number }): { url: string; apiKey: string };
  /** Starts (true) or ends (false) the counting window. */
  count(args: { on: boolean }): Record<string, never>;
  report(args: Record<string, never>): CarrierReport;
  hangUp(args: Record<string, never>): Record<string, never>;
}

export type CarrierOp = keyof CarrierCommands;

export type CarrierRequest = {
  [K in CarrierOp]: { id: number; op: K; args: Parameters<CarrierCommands[K]>[0] };
}[CarrierOp];

export type CarrierResponse =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
