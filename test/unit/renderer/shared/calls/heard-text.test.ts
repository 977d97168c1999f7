import { describe, expect, it } from 'vitest';
import { CHARS_PER_SECOND, splitHeard } from '../../../../../renderer/src/shared/calls/heard-text';

describe('splitHeard', () => {
  const text = 'We open at eight on Saturday and close at one in the afternoon.';

  it('keeps the whole line when it was not interrupted or fully heard', () => {
    expect(splitHeard(text, undefined)).toEqual({ heard: text, unheard: '' });
    expect(splitHeard(text, 60_000)).toEqual({ heard: text, unheard: '' });
  });

  it('cuts at the word the caller was in the middle of', () => {
    const ms = (10 / CHARS_PER_SECOND) * 1000; // 10 characters: "We open at"
    const split = splitHeard(text, ms);
    expect(split.heard).toBe('We open at');
    expect(split.unheard).toBe(' eight on Saturday and close at one in the afternoon.');
    expect(split.heard + split.unheard).toBe(text);
  });

  it('marks everything unheard when the caller cut in at once', () => {
    expect(splitHeard(text, 0)).toEqual({ heard: '', unheard: text });
  });
});
