import { describe, expect, it } from 'vitest';
import { buildInstructions, sayLine, supervisorNote } from '../../../bridge/ai/instructions';

describe('instructions', () => {
  it('describes a concise, polite agent for the business that hands off with the tool', () => {
    const text = buildInstructions({ businessName: 'Acme Bank', language: 'en-KE', systemPrompt: undefined });
    expect(text).toContain('Acme Bank');
    expect(text).toMatch(/polite/);
    expect(text).toMatch(/concise/);
    expect(text).toContain('transfer_to_human');
    expect(text).toContain('en-KE');
  });

  it('uses SYSTEM_PROMPT instead when it is set', () => {
    expect(
      buildInstructions({ businessName: 'Acme', language: 'en-KE', systemPrompt: '  You are Zawadi.  ' }),
    ).toBe('You are Zawadi.');
    expect(buildInstructions({ businessName: 'Acme', language: 'en-KE', systemPrompt: '   ' })).toContain(
      'Acme',
    );
  });

  it('marks supervisor notes and requested lines as not coming from the caller', () => {
    expect(supervisorNote(' offer the plan ')).toMatch(
      /^\[Supervisor note, not said by the caller.*\] offer the plan$/,
    );
    expect(sayLine('Please hold.')).toContain('"Please hold."');
  });
});
