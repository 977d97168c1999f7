// The one tool every model gets: `transfer_to_human`. Declared once here as JSON Schema (both the
// Gemini Live `functionDeclarations` and OpenAI Realtime `tools` accept it) and parsed at the edge.

export const HANDOFF_TOOL_NAME = 'transfer_to_human';

/** Longest reason / summary we pass on; a model that writes an essay is cut, not trusted. */
const MAX_REASON_CHARS = 200;
const MAX_SUMMARY_CHARS = 600;

export const HANDOFF_TOOL_DESCRIPTION =
  'Transfer the caller to a human colleague. Call this when the caller asks for a person, when they ' +
  'want to dispute a charge, cancel, report fraud or a stolen card, when they are upset, or when you ' +
  'cannot help. Before calling it, tell the caller briefly that you are connecting them.';

/** JSON Schema of the tool's arguments (a subset every provider understands). */
export const HANDOFF_TOOL_PARAMETERS = {
  type: 'object',
  properties: {
    reason: {
      type: 'string',
      description:
        'Why the caller needs a human, in a few words (e.g. "asked for a person", "billing dispute").',
    },
    summary: {
      type: 'string',
      description:
        'Two or three sentences for the colleague who takes the call: who the caller is and what they need.',
    },
  },
  required: ['reason', 'summary'],
} as const;

export interface HandoffArgs {
  readonly reason: string;
  readonly summary: string;
}

/**
 * Reads the model's arguments (an object, or a JSON string as OpenAI sends them). Never throws: a model
 * that asks for a human with broken arguments still gets the caller to a human.
 */
export function parseHandoffArgs(raw: unknown): HandoffArgs {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      value = {};
    }
  }
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const reason = cleanText(obj.reason, MAX_REASON_CHARS) || 'the AI asked for a human';
  const summary = cleanText(obj.summary, MAX_SUMMARY_CHARS);
  return { reason, summary };
}

function cleanText(value: unknown, maxChars: number): string {
  if (typeof value !== 'string') return '';
  // Control characters out (they end up in logs and the console), whitespace collapsed.
  let text = '';
  for (const ch of value) text += ch < ' ' || ch === '\u007f' ? ' ' : ch;
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
