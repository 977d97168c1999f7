// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../../../../renderer/src/shared/components/Conversation';

afterEach(cleanup);

describe('Conversation', () => {
  it('shows caller and AI bubbles, with a partial marked as still speaking', () => {
    render(
      <Conversation
        lines={[
          { turnId: 1, speaker: 'caller', text: 'What time do you open?', final: true, startMs: 1000 },
          { turnId: 1, speaker: 'agent', text: 'We open at', final: false, startMs: 2500 },
        ]}
      />,
    );
    const lines = screen.getAllByTestId('transcript-line');
    expect(lines.map((l) => l.className)).toEqual([
      'bubble bubble-caller',
      'bubble bubble-agent bubble-partial',
    ]);
    expect(lines[0]!.textContent).toContain('Caller');
    expect(lines[1]!.textContent).toContain('speaking…');
    expect(screen.getByRole('log', { name: 'Transcript' })).toBeTruthy();
  });

  it('strikes through what the caller did not hear of an interrupted line', () => {
    render(
      <Conversation
        lines={[
          {
            turnId: 2,
            speaker: 'agent',
            text: 'We open at eight on Saturday and close at one.',
            final: true,
            startMs: 0,
            heardMs: 1000,
            interrupted: true,
          },
        ]}
      />,
    );
    const unheard = document.querySelector('del.unheard');
    expect(unheard?.textContent).toBe(' on Saturday and close at one.');
    expect(screen.getByText(/Interrupted — the caller heard 1.0 s of this/)).toBeTruthy();
  });

  it('says when nothing was said yet', () => {
    render(<Conversation lines={[]} emptyText="Waiting for the first words…" />);
    expect(screen.getByText('Waiting for the first words…')).toBeTruthy();
  });
});
