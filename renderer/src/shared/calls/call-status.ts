// What a live call's state means to an agent at a glance: a short label, a tone for colour, and the
// board group it belongs to (the AI has it, it needs a person, or a person has it).
import type { LiveCall } from '../../api/contract';

export type CallGroup = 'needs-person' | 'ai' | 'with-agent';
export type CallTone = 'ai' | 'caller' | 'attention' | 'human' | 'neutral';

export interface CallStatus {
  readonly label: string;
  readonly tone: CallTone;
  readonly group: CallGroup;
}

const capitalise = (s: string) => (s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s);

export function callStatus(
  call: Pick<LiveCall, 'phase' | 'activity' | 'agentLabel' | 'agentVia' | 'queuePosition' | 'provider'>,
): CallStatus {
  switch (call.phase) {
    case 'ringing':
      return { label: 'Answering', tone: 'neutral', group: 'ai' };
    case 'ai':
      if (call.activity === 'ai-talking') return { label: 'AI talking', tone: 'ai', group: 'ai' };
      if (call.activity === 'caller-talking') return { label: 'Caller talking', tone: 'caller', group: 'ai' };
      return { label: 'AI listening', tone: 'ai', group: 'ai' };
    case 'handing-off':
      return {
        label: call.agentLabel ? capitalise(call.agentLabel) : 'Finding a person',
        tone: 'attention',
        group: 'needs-person',
      };
    case 'queued':
      return {
        label: call.agentLabel
          ? `In queue · ${call.agentLabel}`
          : call.queuePosition !== undefined
            ? `In queue · #${call.queuePosition}`
            : 'In queue',
        tone: 'attention',
        group: 'needs-person',
      };
    case 'with-human': {
      const who = capitalise(call.agentLabel ?? 'with an agent');
      const how = call.agentVia === 'headset' ? ' (headset)' : call.agentVia === 'phone' ? ' (phone)' : '';
      return { label: `${who}${how}`, tone: 'human', group: 'with-agent' };
    }
    case 'voicemail':
      return { label: 'Leaving voicemail', tone: 'neutral', group: 'with-agent' };
    case 'ended':
      return { label: 'Ended', tone: 'neutral', group: 'with-agent' };
  }
}

const REASONS: Readonly<Record<string, string>> = {
  'ai-requested': 'AI asked for help',
  'caller-asked': 'Caller asked for a person',
  'never-ai-topic': 'Sensitive topic',
  'negative-sentiment': 'Caller upset',
  'ai-failure': 'AI problem',
  'agent-takeover': 'Taken over',
  'no-ai': 'No AI configured',
};

/** An escalation reason code in plain words (unknown codes are shown as they are). */
export function reasonLabel(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return REASONS[reason] ?? reason;
}

export const KNOWN_REASONS = Object.keys(REASONS);

const OUTCOMES: Readonly<Record<string, string>> = {
  'ai-resolved': 'AI resolved',
  'agent-handled': 'Agent handled',
  voicemail: 'Voicemail',
  abandoned: 'Abandoned',
  failed: 'Failed',
  unanswered: 'Unanswered',
};

export function outcomeLabel(outcome: string | undefined): string {
  if (!outcome) return 'In progress';
  return OUTCOMES[outcome] ?? outcome;
}

export const KNOWN_OUTCOMES = Object.keys(OUTCOMES);

/** The "to" of dev-phone calls (bridge/api/handlers/test-call.ts TEST_CALL_TO; values cannot be imported here). */
export const TEST_CALL_TO = 'dev-phone';

export function isTestCall(call: { readonly to: string }): boolean {
  return call.to === TEST_CALL_TO;
}

/** Can a person still take this call (from the AI, from the hunt for a person, from the line)? */
export function canTakeOver(call: Pick<LiveCall, 'phase'>): boolean {
  return call.phase === 'ai' || call.phase === 'handing-off' || call.phase === 'queued';
}

/** Does the call's audio pass through the app (listen-in and the headset work)? */
export function audioPassesHere(call: Pick<LiveCall, 'phase'>): boolean {
  return call.phase !== 'ringing' && call.phase !== 'ended';
}
