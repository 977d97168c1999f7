// The conversation so far, told to a model session that starts over mid-call (a Gemini resumption the
// service refused, OpenAI's planned reconnect before its session cap): as context appended to the
// session's instructions (Gemini), or as conversation items (OpenAI `conversation.item.create`).
import type { ConversationItemCreateEvent } from 'openai/resources/realtime/realtime';
import type { SpokenLine } from './conversation-memory';

const SEED_INTRO =
  '[This phone call moved to a new connection mid-conversation. The conversation so far follows, for ' +
  'context only: do not greet the caller again, do not repeat what you already said, and carry on from ' +
  "the caller's last words.]";

/**
 * Gemini: the instructions with the conversation so far after them. The setup's system instruction is
 * the one place every Live model takes context at the start of a session: `clientContent` history is
 * refused mid-session by gemini-3.1-flash-live, and @google/genai 2.32 does not send the setup's
 * `historyConfig` to the Gemini Developer API.
 */
export function seededInstructions(instructions: string, lines: readonly SpokenLine[]): string {
  if (lines.length === 0) return instructions;
  const said = lines.map((l) => `${l.speaker === 'caller' ? 'Caller' : 'You (the agent)'}: ${l.text}`);
  return [instructions, '', SEED_INTRO, ...said].join('\n');
}

/** OpenAI: one `conversation.item.create` per line, caller lines as user text, ours as assistant text. */
export function openAiSeedEvents(lines: readonly SpokenLine[]): ConversationItemCreateEvent[] {
  return lines.map((l): ConversationItemCreateEvent => ({
    type: 'conversation.item.create',
    item:
      l.speaker === 'caller'
        ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: l.text }] }
        : { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: l.text }] },
  }));
}
