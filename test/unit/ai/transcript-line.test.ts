import { describe, expect, it } from 'vitest';
import type { RealtimeSessionEvents } from '../../../bridge/ai/provider';
import { TranscriptLine } from '../../../bridge/ai/transcript-line';

type Said = { name: string; payload: RealtimeSessionEvents['caller.transcript'] };

function line(): { line: TranscriptLine; said: Said[] } {
  const said: Said[] = [];
  return {
    line: new TranscriptLine('caller.transcript', (name, payload) => said.push({ name, payload })),
    said,
  };
}

describe('TranscriptLine', () => {
  it('sends each fragment as a partial and closes with the whole line', () => {
    const { line: l, said } = line();
    l.add('Hello');
    l.add('');
    l.add(' there');
    expect(l.text).toBe('Hello there');
    l.end();
    expect(said).toEqual([
      { name: 'caller.transcript', payload: { text: 'Hello', final: false } },
      { name: 'caller.transcript', payload: { text: ' there', final: false } },
      { name: 'caller.transcript', payload: { text: 'Hello there', final: true } },
    ]);
    expect(l.text).toBe('');
  });

  it('closes an empty line silently, and a dropped line too', () => {
    const { line: l, said } = line();
    l.end();
    l.add('cut off');
    l.drop();
    l.end();
    expect(said.map((s) => s.payload.final)).toEqual([false]);
  });

  it("closes with the provider's own text, never a blank one", () => {
    const { line: l, said } = line();
    l.add('helo');
    l.endWith('Hello.');
    l.add('x');
    l.endWith('  ');
    expect(said.filter((s) => s.payload.final).map((s) => s.payload.text)).toEqual(['Hello.']);
    expect(l.text).toBe('');
  });
});
