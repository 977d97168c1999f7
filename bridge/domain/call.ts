// The words for a call that the bridge, the call log and the windows all use: who speaks, the call's
// phase, why it went to a person, how it ended. Types only: the renderer imports them through the contract.

export type Speaker = 'caller' | 'agent';

/**
 * One call's life, one truthful state: `ringing` (answered at /voice, no stream yet), `ai` (the AI
 * has it), `handing-off` (looking for a person: the caller hears the hand-off line, then hold audio),
 * `with-human` (an agent's headset or phone is joined to the caller's stream), `queued` (everyone is
 * busy: hold music and place in line), `voicemail` (the bridge records a message), `ended`.
 */
export type CallPhase = 'ringing' | 'ai' | 'handing-off' | 'with-human' | 'queued' | 'voicemail' | 'ended';

/** How a person is joined to the caller: the agent's headset in a window, or their phone. */
export type AgentVia = 'headset' | 'phone';

/** Who is talking right now on an AI call. */
export type Activity = 'ai-talking' | 'caller-talking' | 'idle';

export type EscalationReason =
  | 'ai-requested'
  | 'caller-asked'
  | 'never-ai-topic'
  | 'negative-sentiment'
  | 'ai-failure'
  | 'agent-takeover'
  | 'no-ai';

export type CallOutcome =
  'ai-resolved' | 'agent-handled' | 'voicemail' | 'abandoned' | 'failed' | 'unanswered';

export type CostComponent = 'carrier-inbound' | 'carrier-outbound' | 'ai';

/** A transcript line, partial (`final: false`, replaced by later updates) or final. */
export interface TranscriptLine {
  readonly turnId: number;
  readonly speaker: Speaker;
  readonly text: string;
  readonly final: boolean;
  /** Offsets in ms from the call's start. */
  readonly startMs: number;
  readonly endMs?: number;
  /** Agent lines: ms of the reply the caller actually heard. */
  readonly heardMs?: number;
  readonly interrupted?: boolean;
}

/** One line of a call's timeline (the board's call view, the call log's record). */
export interface TimelineItem {
  readonly at: number;
  readonly kind: string;
  readonly summary: string;
}
