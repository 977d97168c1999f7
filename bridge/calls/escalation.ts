// The one place that decides a call leaves the AI for a person. It hears the session's signals (the
// model's handoff tool call, AI failures), console clicks and the no-AI path through `escalate`, and
// watches the caller's final transcript lines itself: asking for a person (English and Swahili
// phrases), a never-AI topic, or a running sentiment below the threshold. Every decision is an
// `escalation` CallEvent with its reason and the line that triggered it; one at a time per call (a
// later one is accepted once the AI has the call again: the hand-off failed, or the person left).
import type { AgentId, CallId } from '../domain/ids';
import { maskText, type Log } from '../base/log';
import type { EscalationReason } from '../domain/call';
import type { CallRegistry } from './registry';
import { sentimentScore, words } from './sentiment';

export interface EscalationSettings {
  /** Phrases that mean "let me talk to a person". */
  readonly phrases: readonly string[];
  /** Topics the AI must never handle (matched at word starts: "cancel" matches "cancellation"). */
  readonly topics: readonly string[];
  /** Escalate when the running sentiment of the caller's lines is at or below this. */
  readonly sentimentThreshold: number;
}

export interface EscalationDecision {
  readonly callId: CallId;
  readonly reason: EscalationReason;
  readonly detail: string;
  readonly triggerText?: string;
  readonly targetAgentId?: AgentId;
}

export interface LineVerdict {
  readonly reason?: 'caller-asked' | 'never-ai-topic' | 'negative-sentiment';
  readonly detail?: string;
  /** The running sentiment after this line. */
  readonly score: number;
}

/** Whether the words of `phrase` appear in order in `lineWords`, each matching a word start. */
export function containsPhrase(lineWords: readonly string[], phrase: string): boolean {
  const p = words(phrase);
  if (p.length === 0) return false;
  outer: for (let i = 0; i + p.length <= lineWords.length; i++) {
    for (let j = 0; j < p.length; j++) if (!lineWords[i + j]!.startsWith(p[j]!)) continue outer;
    return true;
  }
  return false;
}

/** Judges one final caller line: pure, so the policy is tested without a call. */
export function judgeCallerLine(
  text: string,
  runningScore: number,
  settings: EscalationSettings,
): LineVerdict {
  const ws = words(text);
  const score = runningScore + sentimentScore(text);
  const phrase = settings.phrases.find((p) => containsPhrase(ws, p));
  if (phrase) return { reason: 'caller-asked', detail: `Caller asked for a person ("${phrase}")`, score };
  const topic = settings.topics.find((t) => containsPhrase(ws, t));
  if (topic) return { reason: 'never-ai-topic', detail: `Never-AI topic: ${topic}`, score };
  if (score <= settings.sentimentThreshold) {
    return {
      reason: 'negative-sentiment',
      detail: `Caller sentiment ${score} at or below ${settings.sentimentThreshold}`,
      score,
    };
  }
  return { score };
}

export interface EscalationDeps {
  readonly registry: CallRegistry;
  readonly log: Log;
  readonly settings: () => EscalationSettings;
  /** Carries a decision out (the human route). */
  readonly act: (decision: EscalationDecision) => void;
}

export class EscalationPolicy {
  /** The running sentiment of each live call's caller lines. */
  private readonly scores = new Map<CallId, number>();
  private off: (() => void) | null = null;

  constructor(private readonly deps: EscalationDeps) {}

  start(): void {
    this.off ??= this.deps.registry.events.on('event', (event) => {
      if (event.kind === 'transcript' && event.speaker === 'caller' && event.final && event.text.trim()) {
        this.observe(event.callId, event.text);
      } else if (event.kind === 'call.ended') {
        this.scores.delete(event.callId);
      }
    });
  }

  stop(): void {
    this.off?.();
    this.off = null;
  }

  /** Decides an escalation; returns false when the call is gone or already escalating. */
  escalate(
    callId: CallId,
    reason: EscalationReason,
    detail: string,
    triggerText?: string,
    targetAgentId?: AgentId,
  ): boolean {
    const live = this.deps.registry.get(callId);
    if (!live || live.phase === 'ended') return false;
    if (live.escalationOpen) {
      this.deps.log.info({ callId, reason }, 'call already escalating: decision ignored');
      return false;
    }
    this.deps.log.info({ callId, reason, trigger: maskText(triggerText) }, 'escalating call');
    this.deps.registry.publish(callId, 'escalation', { reason, detail, triggerText, targetAgentId });
    this.deps.act({ callId, reason, detail, triggerText, targetAgentId });
    return true;
  }

  private observe(callId: CallId, text: string): void {
    const verdict = judgeCallerLine(text, this.scores.get(callId) ?? 0, this.deps.settings());
    this.scores.set(callId, verdict.score);
    if (verdict.reason && !this.deps.registry.get(callId)?.escalationOpen) {
      this.escalate(callId, verdict.reason, verdict.detail ?? verdict.reason, text);
    }
  }
}
