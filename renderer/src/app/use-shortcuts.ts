// Listens for key presses on the document and runs the action they mean (see shared/actions/keyboard.ts).
import { useEffect, useRef } from 'react';
import type { Action } from '../shared/actions/action';
import type { ActionContext } from './action-context';
import { actionForKey } from '../shared/actions/keyboard';

export function useShortcuts(actions: readonly Action<ActionContext>[], ctx: ActionContext): void {
  const latest = useRef(ctx);
  latest.current = ctx;
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented || ev.repeat) return;
      // A modal dialog owns the keyboard while it is open.
      if (document.querySelector('dialog[open]')) return;
      const action = actionForKey(ev, actions, latest.current);
      if (!action) return;
      ev.preventDefault();
      void Promise.resolve(action.run(latest.current));
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [actions]);
}
