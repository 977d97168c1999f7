import { describe, expect, it } from 'vitest';
import { openAiSeedEvents, seededInstructions } from '../../../bridge/ai/transcript-seed';

const lines = [
  { speaker: 'agent', text: 'Thank you for calling.' },
  { speaker: 'caller', text: 'When do you open?' },
] as const;

describe('transcript seed', () => {
  it('appends the conversation so far to the instructions, told not to greet again', () => {
    expect(seededInstructions('Be kind.', [])).toBe('Be kind.');
    const seeded = seededInstructions('Be kind.', lines);
    expect(seeded.startsWith('Be kind.\n')).toBe(true);
    expect(seeded).toMatch(/do not greet the caller again/);
    expect(seeded.endsWith('You (the agent): Thank you for calling.\nCaller: When do you open?')).toBe(true);
  });

  it('makes OpenAI conversation items: caller lines as user input_text, ours as assistant output_text', () => {
    expect(openAiSeedEvents(lines)).toEqual([
      {
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'assistant',
          content: [{ type: 'output_text', text: 'Thank you for calling.' }],
        },
      },
      {
        type: 'conversation.item.create',
        item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'When do you open?' }] },
      },
    ]);
  });
});
