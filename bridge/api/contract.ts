// The one contract between the core and the UI: commands (name → (args) → result) and events
// (name → payload), declared once. It imports only the domain's words (bridge/domain/, types only) and
// nothing that runs: the renderer imports this file as types only.

export type { Activity, AgentVia, CallPhase, Speaker, TimelineItem, TranscriptLine } from '../domain/call';
export type { Agent, Presence } from '../domain/agent';
import type { Activity, AgentVia, CallPhase, Speaker, TimelineItem, TranscriptLine } from '../domain/call';
import type { Agent, Presence } from '../domain/agent';

export interface LiveCall {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly callerName?: string;
  readonly phase: CallPhase;
  readonly activity: Activity;
  readonly startedAt: number;
  readonly provider: string;
  readonly lastLatencyMs?: number;
  readonly escalationReason?: string;
  /** e.g. "ringing Wanjiru", "with Otieno". */
  readonly agentLabel?: string;
  readonly agentId?: string;
  /** How the agent is (being) joined: their phone, or a headset in a window. */
  readonly agentVia?: AgentVia;
  /** Place in line while queued (1 = next). */
  readonly queuePosition?: number;
  readonly levels: { readonly inboundDbfs: number; readonly outboundDbfs: number };
}

export interface LiveCallDetail extends LiveCall {
  readonly transcript: readonly TranscriptLine[];
  readonly timeline: readonly TimelineItem[];
}

export interface QueueState {
  readonly waiting: number;
  readonly longestWaitMs: number;
}

export interface HistoryFilters {
  readonly from?: number;
  readonly to?: number;
  readonly outcome?: string;
  readonly escalationReason?: string;
  readonly agentId?: string;
  readonly caller?: string;
  readonly minLatencyMs?: number;
}

export interface HistoryRow {
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly startedAt: number;
  readonly endedAt?: number;
  readonly durationMs?: number;
  readonly outcome?: string;
  readonly escalationReason?: string;
  readonly agentName?: string;
  readonly provider?: string;
  readonly p50LatencyMs?: number;
  readonly costKesCents: number;
}

export interface HistoryPage {
  readonly rows: readonly HistoryRow[];
  /** Opaque keyset cursor for the next page; absent on the last page. */
  readonly next?: string;
}

export interface SearchHit {
  readonly callId: string;
  readonly startedAt: number;
  readonly from: string;
  readonly speaker: Speaker;
  /** Snippet with matches wrapped in [[ ]]. */
  readonly snippet: string;
}

/** A call whose caller left a message to be called back. */
export interface CallbackRow extends HistoryRow {
  readonly voicemailDurationS?: number;
  /** Where the message can be heard: recorded here (`history.voicemail` plays it), at the carrier, or none. */
  readonly recording: 'here' | 'carrier' | 'none';
  /** When someone marked the caller as called back. */
  readonly doneAt?: number;
}

/** A voicemail recorded here, in parts a console message can carry (ask again from `next`). */
export interface VoicemailPart {
  readonly contentType: 'audio/wav';
  readonly base64: string;
  readonly offset: number;
  readonly totalBytes: number;
  readonly next?: number;
}

export interface CallDetail {
  readonly call: HistoryRow & {
    readonly answeredAt?: number;
    readonly model?: string;
    readonly costByComponent: Readonly<Record<string, number>>;
    /** A message the caller left (see CallbackRow). */
    readonly voicemail?: {
      readonly durationS?: number;
      readonly recording: 'here' | 'carrier';
      readonly url?: string;
      readonly calledBackAt?: number;
    };
  };
  readonly turns: readonly (TranscriptLine & { readonly latencyMs?: number })[];
  readonly timeline: readonly TimelineItem[];
}

export interface DailySummary {
  readonly day: string;
  readonly calls: number;
  readonly aiResolvedShare: number;
  readonly escalationsByReason: Readonly<Record<string, number>>;
  readonly p50LatencyMs?: number;
  readonly p95LatencyMs?: number;
  readonly costKesCents: number;
}

/** What a setting may hold, from the core's schema, so the form can guide before the core refuses. */
export interface SettingRule {
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  /** The only values allowed, with a label for each (e.g. the call languages). */
  readonly choices?: readonly { readonly value: string; readonly label: string }[];
}

/**
 * Where keys typed in Settings are kept: the system keychain (desktop app), only obfuscated (desktop
 * app without a keyring service), nowhere because no keyring works (environment only), or in memory
 * until the app stops (browser mode never writes keys to disk).
 */
export type SecretStorage = 'os-keychain' | 'obfuscated' | 'unavailable' | 'this-run-only';

/** Settings as the UI sees them: secrets are reported as set/unset, never in clear. */
export interface SettingsView {
  readonly values: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;
  readonly secretsSet: Readonly<Record<string, boolean>>;
  readonly publicUrl: string;
  readonly provider: string;
  readonly rules: Readonly<Record<string, SettingRule>>;
  readonly secretStorage: SecretStorage;
  /** Keys an earlier version saved in plain text in settings.json (still used until removed). */
  readonly plainTextSecrets: readonly string[];
  /** What the AI is told when "Instructions for the AI" is empty. */
  readonly builtInInstructions: string;
  /** The prices the cost estimates use now, by setting key, and where each came from. */
  readonly ratesInUse?: Readonly<Record<string, RateInUseView>>;
}

/**
 * A price the cost estimate uses now. `setting`: typed in Settings or set in the environment;
 * `sautikit`: Sautikit's published price (read at `readAtMs`); `price-list`: the AI model's published
 * price, built in and converted at `kesPerUsd`; `default`: built in; `none`: no price known.
 */
export interface RateInUseView {
  readonly kesCents: number;
  readonly source: 'setting' | 'sautikit' | 'price-list' | 'default' | 'none';
  readonly readAtMs?: number;
  /** Whose price it is, e.g. "Gemini Live". */
  readonly of?: string;
  readonly kesPerUsd?: number;
}

export interface StatusView {
  readonly version: string;
  readonly publicUrl: string;
  readonly provider: string;
  readonly storeOk: boolean;
  readonly storeError?: string;
  /** No webhook secret is enforced: anyone who finds the public URL can post webhooks (shown as a warning). */
  readonly webhookUnsigned?: boolean;
  readonly agentId?: string;
  /** The host laptop's name, for a teammate's console (shown when the window loses the host). */
  readonly hostName?: string;
}

/** A placed test call: the window connects `streamUrl` (audio.drachtio.org) and sends this metadata first. */
export interface TestCallTicket {
  readonly callId: string;
  readonly streamUrl: string;
  readonly sampleRateHz: number;
  readonly metadata: Readonly<Record<string, string | number>>;
}

export interface ApiError {
  readonly code: string;
  readonly message: string;
  readonly retryable?: boolean;
  /** A refused form (settings.set): every bad field by its key, in plain words. */
  readonly fields?: Readonly<Record<string, string>>;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** How Sautikit reaches this laptop (issue 8): the tunnel's state in plain words. */
export type TunnelProviderChoice = 'none' | 'ngrok' | 'cloudflare' | 'own-url';
export interface TunnelView {
  readonly provider: TunnelProviderChoice;
  readonly state: 'off' | 'connecting' | 'online' | 'lost' | 'error';
  readonly url?: string;
  readonly message: string;
  readonly code?: string;
  readonly retryInMs?: number;
  readonly sinceMs: number;
  /** The app's public base URL now (what <Stream url> and the number's routing use). */
  readonly publicUrl: string;
  readonly ngrokAuthtokenSet: boolean;
  readonly ngrokDomain?: string;
  readonly ownUrl?: string;
  /** The last "Test my setup" of this public URL (every window shows it; cleared when the URL changes). */
  readonly lastTest?: SetupReport;
}

/** "Test my setup": each hop from outside in. */
export interface SetupHop {
  /** `address`: whether Sautikit can reach the public URL at all (public https, not loopback or LAN). */
  readonly hop: 'address' | 'tunnel' | 'webhook' | 'signature' | 'media';
  readonly ok: boolean;
  readonly detail: string;
}
export interface SetupReport {
  readonly ok: boolean;
  readonly publicUrl: string;
  readonly hops: readonly SetupHop[];
  readonly testedAtMs: number;
}

/** "Test my setup", live: what a real call to an agent's phone showed, step by step. */
export interface LiveCheckStep {
  readonly id: 'call' | 'answered' | 'audio-in' | 'audio-out' | 'redirect' | 'hangup';
  /** null: not reached, or not conclusive. */
  readonly ok: boolean | null;
  readonly detail: string;
}
export interface LiveCheckReport {
  readonly ok: boolean;
  readonly agentName: string;
  readonly number: string;
  readonly steps: readonly LiveCheckStep[];
  /** What is now known of this account's live-call redirect (the accelerator). */
  readonly redirect: 'untested' | 'works' | 'absent' | 'no-effect';
  readonly testedAtMs: number;
}

/** A workspace number and where it routes. */
export interface NumberView {
  readonly id: string;
  readonly number: string;
  readonly status: string;
  readonly voiceUrl?: string;
  readonly eventsUrl?: string;
  readonly routesHere: boolean;
  readonly answeredHere: boolean;
  readonly answeredSinceMs?: number;
}
export type AnswerHereResult =
  | { readonly status: 'answering'; readonly number: NumberView }
  | { readonly status: 'confirm'; readonly currentVoiceUrl: string; readonly number: NumberView };

/** Team mode: this laptop hosts, teammates join over the LAN. */
export interface TeammateView {
  readonly agentId: string;
  readonly name: string;
  readonly number: string;
  readonly pairedAtMs: number;
  readonly online: boolean;
}
export interface TeamView {
  readonly hosting: boolean;
  /** Addresses a teammate types in "Join a team" (LAN IP:port). */
  readonly addresses: readonly string[];
  /** SHA-256 fingerprint of the host certificate, for comparing by eye in a browser. */
  readonly fingerprint?: string;
  readonly teammates: readonly TeammateView[];
  /** Why hosting cannot run as it is (a damaged team record), in plain words, with what to do. */
  readonly problem?: string;
  /** This console's own agent identity (a teammate's window) or undefined (the host's). */
  readonly you?: { readonly agentId: string; readonly name: string };
}
/** A desktop teammate joined a host (team.join, answered by the desktop app's main process). */
export interface JoinedView {
  readonly hostAddress: string;
  readonly hostName?: string;
  readonly agentId: string;
}
/**
 * The link between a window and the console it shows (desktop app): its own core ('local'), or a team
 * host's relayed by main — connecting, online, lost (retrying), or revoked by the host (no retry).
 */
export interface HostLinkView {
  readonly state: 'local' | 'connecting' | 'online' | 'lost' | 'revoked';
  readonly hostAddress?: string;
  readonly hostName?: string;
  readonly message: string;
  readonly retryInMs?: number;
}
export interface PairingCodeView {
  readonly code: string;
  readonly expiresAtMs: number;
  readonly addresses: readonly string[];
  readonly fingerprint: string;
}

/** Commands: `noun.verb` → (args) → result. */
export interface Commands {
  'status.get': (args: Record<string, never>) => StatusView;
  'calls.list': (args: Record<string, never>) => readonly LiveCall[];
  'call.get': (args: { callId: string }) => LiveCallDetail;
  /**
   * Take over: `headset` puts this window's microphone and speakers on the caller's stream at once (no
   * carrier call); `phone` (the default) rings the agent's phone and joins it to the caller.
   */
  'call.takeOver': (args: { callId: string; agentId?: string; via?: AgentVia }) => {
    accepted: boolean;
    via: AgentVia;
  };
  /** The person on this window's headset hands the call back (the AI, or a goodbye: a setting). */
  'call.release': (args: { callId: string }) => { released: boolean };
  'call.hangUp': (args: { callId: string }) => { accepted: boolean };
  'call.whisper': (args: { callId: string; text: string }) => { accepted: boolean };
  'call.listen': (args: { callId: string; on: boolean }) => { listening: boolean; sampleRateHz: number };
  'agents.list': (args: Record<string, never>) => readonly Agent[];
  'agent.save': (args: { id?: string; name: string; number: string }) => Agent;
  'agent.remove': (args: { id: string }) => { removed: boolean };
  'agent.setPresence': (args: { id: string; presence: Presence }) => Agent;
  'queue.get': (args: Record<string, never>) => QueueState;
  'history.list': (args: { filters?: HistoryFilters; cursor?: string; limit?: number }) => HistoryPage;
  'history.search': (args: { query: string; limit?: number }) => readonly SearchHit[];
  'history.detail': (args: { callId: string }) => CallDetail;
  'history.export': (args: {
    callId?: string;
    /** A range of call starts (epoch ms, `to` exclusive); no callId, from or to: the whole log. */
    from?: number;
    to?: number;
    format: 'json' | 'csv';
    /** IANA time zone the times are written in (the window's own); the host's when absent. */
    timeZone?: string;
    /** A range comes in parts: the previous part's `next`, for the part after it. */
    cursor?: string;
  }) => {
    filename: string;
    content: string;
    /** More of the file follows: ask again with this cursor and append the content. */
    next?: string;
    /** Calls in this part. */
    calls?: number;
  };
  'history.deleteCaller': (args: { number: string }) => { deletedCalls: number };
  /** A voicemail recorded here, from `offset` (bytes of the WAV file). */
  'history.voicemail': (args: { callId: string; offset?: number }) => VoicemailPart;
  /** Callers who left a message and are not called back yet, newest first. */
  'callbacks.list': (args: { limit?: number }) => readonly CallbackRow[];
  'callback.done': (args: { callId: string; done: boolean }) => CallbackRow;
  'stats.daily': (args: { days?: number }) => readonly DailySummary[];
  'settings.get': (args: Record<string, never>) => SettingsView;
  'settings.set': (args: { values: Readonly<Record<string, unknown>> }) => SettingsView;
  /** Dev phone: the core POSTs its own /voice webhook like Sautikit; the window opens the media socket. */
  'call.placeTest': (args: { from?: string }) => TestCallTicket;
  'tunnel.get': (args: Record<string, never>) => TunnelView;
  'tunnel.set': (args: {
    provider: TunnelProviderChoice;
    ngrokAuthtoken?: string;
    ngrokDomain?: string;
    ownUrl?: string;
  }) => TunnelView;
  'tunnel.test': (args: Record<string, never>) => SetupReport;
  /** Calls an agent's phone for real and reports what works (placing, answering, audio, redirect). */
  'setup.liveCheck': (args: { agentId?: string }) => LiveCheckReport;
  'numbers.list': (args: Record<string, never>) => readonly NumberView[];
  'number.answerHere': (args: { id: string; confirm?: boolean }) => AnswerHereResult;
  'number.stopAnswering': (args: { id: string }) => NumberView;
  'team.get': (args: Record<string, never>) => TeamView;
  'team.setHosting': (args: { on: boolean }) => TeamView;
  'team.pairingCode': (args: Record<string, never>) => PairingCodeView;
  'team.revoke': (args: { agentId: string }) => TeamView;
  /** Desktop app only: pair with a host and show its console from now on (this computer stops answering calls). */
  'team.join': (args: { address: string; code: string; name: string; number: string }) => JoinedView;
  /** A teammate leaves: the host forgets their token; the desktop app goes back to its own console. */
  'team.leave': (args: Record<string, never>) => { left: boolean };
}

/** Events: `noun.changed` → payload. */
export interface Events {
  'call.changed': LiveCall;
  'call.ended': { callId: string; outcome: string };
  'transcript.changed': { callId: string; line: TranscriptLine };
  'timeline.changed': { callId: string; item: TimelineItem };
  'levels.changed': { callId: string; inboundDbfs: number; outboundDbfs: number };
  'agents.changed': readonly Agent[];
  'queue.changed': QueueState;
  /** A message was left, or marked called back: the callback list changed. */
  'callbacks.changed': { readonly callId: string };
  'status.changed': StatusView;
  'tunnel.changed': TunnelView;
  'numbers.changed': {
    readonly repointed: readonly string[];
    readonly failed: readonly { numberId: string; message: string }[];
  };
  'team.changed': TeamView;
  /** Desktop app: where this window's console is (its own core, or a team host relayed by main). */
  'link.changed': HostLinkView;
}

/**
 * Which side of a call a piece of audio is: the caller's voice (`inbound`) or what the caller hears
 * (`outbound`: the AI, hold audio, a person). A window on the headset sends its microphone as
 * `outbound` frames of the same layout; every other console binary frame is refused.
 */
export type ListenDirection = 'inbound' | 'outbound';

/**
 * One batch (about 100 ms) of a call's live audio, as a console hears it after `call.listen`. Only the
 * consoles that asked get it. It never travels inside JSON: it is one binary listen frame (below).
 */
export interface ListenAudio {
  readonly callId: string;
  readonly direction: ListenDirection;
  /** Mono 16-bit samples at `call.listen`'s sampleRateHz (16 kHz). */
  readonly pcm: Int16Array;
}

/**
 * The binary listen frame: a WebSocket binary message in browser mode, an ArrayBuffer message on the
 * Electron MessagePort, forwarded unchanged by a teammate's relay. Every other message is JSON text.
 *
 *   offset  size  field
 *   0       1     version (1)
 *   1       1     direction: 0 inbound (the caller), 1 outbound (the AI)
 *   2       1     N, the call id's length in UTF-8 bytes (1..maxCallIdBytes)
 *   3       1     reserved, 0
 *   4       N     the call id, UTF-8
 *   4+N     0|1   one 0 byte when N is odd, so the samples start at an even offset
 *   …       2·S   S samples, signed 16-bit little-endian, 1 ≤ S ≤ maxSamples
 *
 * One codec (bridge/api/listen-frame.ts) serves the core and the window; it declares its constants as
 * this type, and the shared test vectors (test/fixtures/listen-frame-vectors.json) hold it to the bytes
 * in Node and in the browser. A frame that breaks any rule is dropped whole.
 */
export interface ListenFrameLayout {
  readonly version: 1;
  readonly headerBytes: 4;
  readonly directionCodes: { readonly inbound: 0; readonly outbound: 1 };
  readonly maxCallIdBytes: 128;
  /** One second at 16 kHz: a batch is 1600. */
  readonly maxSamples: 16_000;
}

export type CommandName = keyof Commands;
export type CommandArgs<N extends CommandName> = Parameters<Commands[N]>[0];
export type CommandResult<N extends CommandName> = ReturnType<Commands[N]>;
export type EventName = keyof Events;

/** Wire messages carried by a Pipe (MessagePort, WebSocket or in-memory). */
export type WireMessage =
  | { readonly type: 'cmd'; readonly id: number; readonly name: string; readonly args: unknown }
  | { readonly type: 'res'; readonly id: number; readonly result: Result<unknown> }
  | { readonly type: 'evt'; readonly name: string; readonly data: unknown };
