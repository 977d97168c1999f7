// What one call owns besides its state: the caller's stream (the lifeline), the person joined to it,
// and the human route's plan while it runs. Declared here as interfaces so the call layer never imports
// the human route (bridge/human/ implements AgentLeg and HumanPlan; calls/session.ts is the CallerLine).
import type { AgentId } from '../domain/ids';
import type { AgentVia } from '../domain/call';

/** What the bridge plays to the caller while no AI and no person is talking (prompts, then music). */
export interface HoldProgram {
  /** Played once, in order (16 kHz PCM). */
  readonly prompts: readonly Int16Array[];
  /** Looped after the prompts until the program changes (hold music); null: silence after them. */
  readonly music: Int16Array | null;
}

/** A person joined to the caller's stream through the bridge. */
export interface AgentLeg {
  readonly via: AgentVia;
  readonly agentId: AgentId;
  readonly agentName: string;
  /** One 20 ms frame of the caller's voice, for the agent's ear (copy to keep). */
  hear(frame: Int16Array): void;
  /** The leg is over for the call's sake (the caller left, the call moved on). */
  close(reason: string): void;
}

/** The caller's media stream, as the human route drives it (calls/session.ts implements it). */
export interface CallerLine {
  readonly isClosed: boolean;
  /** Whether an AI could talk to the caller now or again (a healthy leg, or a provider to reopen). */
  canAiKeepCall(): boolean;
  /** The call leaves the AI: its hand-off line plays (`cutNow`: the AI is cut at once, no line). */
  beginHandoff(cutNow: boolean): void;
  /** Resolves once the hand-off line has played out, the stream closed, or `maxWaitMs` passed. */
  handoffLineDone(maxWaitMs: number): Promise<void>;
  /** The AI keeps (or takes back) the call: it says `line` and listens; false when it cannot. */
  backToAi(line: string): boolean;
  /** The AI session is closed (the call is on its way to a person, or to voicemail); the stream stays. */
  releaseAi(reason: string): void;
  /**
   * The call leaves the AI for a person (on the way to one, or joined): the AI goes quiet. Where its
   * provider can, it stays on listen-only and the caller's transcript goes on until the person leaves
   * (true, also when it was already listening); otherwise it is released as by `releaseAi` (false).
   */
  aiStepsAside(reason: string): boolean;
  /** The bridge plays `program` (the AI is quiet); resolves when its prompts have been heard. */
  hold(program: HoldProgram): Promise<void>;
  /** Joins `leg`: the caller's frames go to its ear; returns where the agent's voice goes in. */
  joinAgent(leg: AgentLeg): (frame: Int16Array) => void;
  /** The joined agent left: the caller hears nothing from them any more. */
  unjoinAgent(): void;
  /** Every caller frame also goes to `sink` (a voicemail) until the returned function is called. */
  tapCaller(sink: (frame: Int16Array) => void): () => void;
  /** Ends our side of the stream (a deliberate hang-up, or the app stopping). */
  close(reason: string): void;
}

/** The human route's plan for one call (hunting, waiting, voicemail) while it runs. */
export interface HumanPlan {
  /** The call is over: timers stop, legs hang up, the agent is freed. */
  end(reason: string): void;
}

export interface CallLegs {
  stream: CallerLine | null;
  agent: AgentLeg | null;
  human: HumanPlan | null;
}
