import { describe, expect, it } from 'vitest';
import { ConversationMemory } from '../../../bridge/ai/conversation-memory';

describe('ConversationMemory', () => {
  it('keeps the newest lines within its size, skips blank ones, and gives the lines since a mark', () => {
    const memory = new ConversationMemory(20);
    memory.record('caller', '  Hello  ');
    memory.record('agent', '   ');
    const mark = memory.total;
    memory.record('agent', 'Hi, how can I help?');
    expect(memory.lines).toEqual([{ speaker: 'agent', text: 'Hi, how can I help?' }]);
    expect(memory.total).toBe(2);
    memory.record('caller', 'Hours?');
    expect(memory.since(mark)).toEqual([{ speaker: 'caller', text: 'Hours?' }]);
    expect(memory.since(memory.total)).toEqual([]);
  });
});
