import { describe, expect, it } from 'vitest';
import type { Action } from '../../../../../renderer/src/shared/actions/action';
import {
  actionForKey,
  isTypingTarget,
  matchesShortcut,
  type KeyPress,
} from '../../../../../renderer/src/shared/actions/keyboard';

const press = (key: string, over: Partial<KeyPress> = {}): KeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  target: null,
  ...over,
});

const action = (id: string, key: string, shift = false, enabled = true): Action<null> => ({
  id,
  label: () => id,
  shortcut: { key, shift, hint: key },
  enabled: () => enabled,
  run: () => undefined,
});

describe('shortcuts', () => {
  it('matches letters case-insensitively with shift exact, symbols as typed', () => {
    expect(matchesShortcut(press('t'), { key: 't', hint: 'T' })).toBe(true);
    expect(matchesShortcut(press('T', { shiftKey: true }), { key: 't', hint: 'T' })).toBe(false);
    expect(matchesShortcut(press('T', { shiftKey: true }), { key: 'T', shift: true, hint: 'Shift T' })).toBe(
      true,
    );
    expect(matchesShortcut(press('?', { shiftKey: true }), { key: '?', shift: true, hint: '?' })).toBe(true);
    expect(matchesShortcut(press('t', { ctrlKey: true }), { key: 't', hint: 'T' })).toBe(false);
  });

  it('never fires while typing in a field, except Escape', () => {
    const input = { tagName: 'INPUT', type: 'text' };
    const actions = [action('take', 't'), action('back', 'Escape')];
    expect(actionForKey(press('t', { target: input }), actions, null)).toBeNull();
    expect(actionForKey(press('Escape', { target: input }), actions, null)?.id).toBe('back');
    expect(actionForKey(press('t', { target: { tagName: 'BUTTON' } }), actions, null)?.id).toBe('take');
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('skips disabled actions and tells shift combinations apart', () => {
    const actions = [action('off', 't', false, false), action('pick', 'T', true)];
    expect(actionForKey(press('t'), actions, null)).toBeNull();
    expect(actionForKey(press('T', { shiftKey: true }), actions, null)?.id).toBe('pick');
  });
});
