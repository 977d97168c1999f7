// Keyboard shortcuts for actions: which action a key press means, never while the person is typing
// in a field (except Escape), and only when the action is enabled.
import type { Action, Shortcut } from './action';

export interface KeyPress {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly target: unknown;
}

export function matchesShortcut(press: KeyPress, shortcut: Shortcut): boolean {
  if (press.ctrlKey || press.metaKey || press.altKey) return false;
  const letter = /^[a-z]$/i.test(shortcut.key);
  const keyOk = letter ? press.key.toLowerCase() === shortcut.key.toLowerCase() : press.key === shortcut.key;
  // Shift is part of symbols like "?" already; for letters it must match exactly.
  return keyOk && (!letter || press.shiftKey === Boolean(shortcut.shift));
}

export function isTypingTarget(target: unknown): boolean {
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string } | null;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range'].includes(
    (el.type ?? 'text').toLowerCase(),
  );
}

/** The enabled action a key press asks for, or null. */
export function actionForKey<C>(press: KeyPress, actions: readonly Action<C>[], ctx: C): Action<C> | null {
  if (isTypingTarget(press.target) && press.key !== 'Escape') return null;
  for (const action of actions) {
    if (action.shortcut && matchesShortcut(press, action.shortcut) && action.enabled(ctx)) return action;
  }
  return null;
}
