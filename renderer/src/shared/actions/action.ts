// A user command, declared once and shared by its button, its keyboard shortcut and the shortcut
// help: an id, a label, whether it can run now, and what it does.

export interface Shortcut {
  /** KeyboardEvent.key, compared case-insensitively for letters. */
  readonly key: string;
  readonly shift?: boolean;
  /** How the shortcut is shown to people ("T", "Shift X", "/"). */
  readonly hint: string;
}

export interface Action<C> {
  readonly id: string;
  readonly label: (ctx: C) => string;
  readonly shortcut?: Shortcut;
  readonly enabled: (ctx: C) => boolean;
  readonly run: (ctx: C) => void | Promise<void>;
}
