// Errors in plain words for the person at the window: known codes get a sentence that says what
// happened and what to do; anything else shows the core's own message (already written for people).
import { toApiError } from './console-error';

const PLAIN: Readonly<Record<string, string>> = {
  CONSOLE_DISCONNECTED:
    'Lost the connection to Sauti Console. It reconnects by itself; try again in a moment.',
  CONSOLE_TIMEOUT: 'Sauti Console did not answer in time. Try again.',
  CALL_NOT_FOUND: 'That call has already ended.',
  CALL_NO_AI: 'The AI is no longer on this call.',
  AGENT_NOT_FOUND: 'That agent is not in the team list any more.',
  API_BAD_ARGS: 'That request was not valid.',
};

export function plainError(err: unknown): string {
  const e = toApiError(err);
  const known = PLAIN[e.code];
  if (known && e.code === 'API_BAD_ARGS') return `${known} (${e.message})`;
  return known ?? e.message;
}
