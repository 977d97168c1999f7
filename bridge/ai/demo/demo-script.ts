// The demo agent's script. It cannot understand words, so each caller turn is the next step of a short
// conversation that shows the whole product in about a minute: a question answered, then a request for
// a person, handed off with the real hand-off tool. The caller's lines are the script's, marked
// "(demo)": what the script assumes was asked, never a transcription of what was said.
import type { DemoLineId } from './demo-lines';

export type DemoReply =
  | { readonly kind: 'say'; readonly line: DemoLineId }
  | { readonly kind: 'handoff'; readonly reason: string; readonly summary: string };

export interface DemoStep {
  /** The caller's line as the transcript shows it. */
  readonly caller: string;
  readonly reply: DemoReply;
}

/**
 * The steps, one per caller turn. The second caller line avoids the default escalation phrases on
 * purpose: the hand-off is the agent's own tool call (`ai-requested`), as with a real model.
 */
export const DEMO_STEPS: readonly DemoStep[] = [
  { caller: '(demo) When are you open?', reply: { kind: 'say', line: 'hours' } },
  {
    caller: '(demo) Could I talk to someone, please?',
    reply: {
      kind: 'handoff',
      reason: 'the caller asked for a colleague (demo)',
      summary: 'Demo call: the caller asked when we are open, then asked to talk to someone.',
    },
  },
];

/** Every turn after the script: the demo says it has finished. */
export const AFTER_SCRIPT: DemoStep = { caller: '(demo) …', reply: { kind: 'say', line: 'finished' } };

export class DemoScript {
  private index = 0;

  /** The step for the caller's next turn. */
  next(): DemoStep {
    const step = DEMO_STEPS[this.index] ?? AFTER_SCRIPT;
    this.index++;
    return step;
  }
}
