import { describe, expect, it } from 'vitest';
import {
  HANDOFF_TOOL_NAME,
  HANDOFF_TOOL_PARAMETERS,
  parseHandoffArgs,
} from '../../../bridge/ai/handoff-tool';

describe('handoff tool', () => {
  it('declares transfer_to_human with a required reason and summary', () => {
    expect(HANDOFF_TOOL_NAME).toBe('transfer_to_human');
    expect(HANDOFF_TOOL_PARAMETERS.required).toEqual(['reason', 'summary']);
    expect(Object.keys(HANDOFF_TOOL_PARAMETERS.properties)).toEqual(['reason', 'summary']);
  });

  it('reads arguments as an object (Gemini) or a JSON string (OpenAI)', () => {
    expect(parseHandoffArgs({ reason: 'dispute', summary: 'Charged twice.' })).toEqual({
      reason: 'dispute',
      summary: 'Charged twice.',
    });
    expect(parseHandoffArgs('{"reason":"asked for a person","summary":"Wants a human."}')).toEqual({
      reason: 'asked for a person',
      summary: 'Wants a human.',
    });
  });

  it('still hands off on broken arguments, with a default reason', () => {
    expect(parseHandoffArgs('{not json')).toEqual({ reason: 'the AI asked for a human', summary: '' });
    expect(parseHandoffArgs(null)).toEqual({ reason: 'the AI asked for a human', summary: '' });
    expect(parseHandoffArgs({ reason: 42, summary: ['x'] })).toEqual({
      reason: 'the AI asked for a human',
      summary: '',
    });
  });

  it('strips control characters, collapses whitespace and caps the length', () => {
    const { reason, summary } = parseHandoffArgs({
      reason: 'angry\u0000\n\ncaller\u001b[31m',
      summary: 'x'.repeat(5000),
    });
    expect(reason).toBe('angry caller [31m');
    expect(summary.length).toBe(600);
    expect(summary.endsWith('…')).toBe(true);
  });
});
