// The script both fake AI services play: per caller turn, what the caller is heard saying and what the
// model does about it after thinking (answer, hand off, or say nothing), and how fast it speaks.
import { LONG_REPLY_TEXT } from './fake-voice';

/** One caller turn of the script: what the caller is heard saying and what the model does about it. */
export interface FakeTurn {
  readonly caller?: string;
  /** What the model answers; null: it says nothing (dead air). Default: the long reply. */
  readonly reply?: string | null;
  /** The model calls transfer_to_human instead of answering. */
  readonly handoff?: HandoffArgs;
}

export interface HandoffArgs {
  readonly reason: string;
  readonly summary: string;
}

export interface FakeScriptOptions {
  /** The key the service accepts (each fake has its own default). */
  readonly apiKey?: string;
  turns?: FakeTurn[];
  /** Audio per chunk (ms) and how much faster than real time chunks go out. */
  readonly chunkMs?: number;
  readonly speedup?: number;
  /** Model think time after the caller's end of speech. */
  readonly thinkMs?: number;
}

/** The model's two ways to act on a turn. */
export interface ModelMoves {
  handOff(args: HandoffArgs): void;
  say(text: string): void;
}

/** Turn `index` of the script, with what the caller is heard saying. */
export function scriptedTurn(options: FakeScriptOptions, index: number): FakeTurn & { heard: string } {
  const turn = options.turns?.[index] ?? {};
  return { ...turn, heard: turn.caller ?? 'Hello?' };
}

/** After the think time, the model hands off, answers, or (reply null) says nothing. */
export function answerAfterThinking(
  turn: FakeTurn,
  options: FakeScriptOptions,
  moves: ModelMoves,
): NodeJS.Timeout {
  return setTimeout(() => {
    if (turn.handoff) return moves.handOff(turn.handoff);
    if (turn.reply === null) return;
    moves.say(turn.reply ?? LONG_REPLY_TEXT);
  }, options.thinkMs ?? 150);
}
