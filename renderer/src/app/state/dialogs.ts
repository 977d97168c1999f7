// The window's one-at-a-time dialogs (whisper, pick a colleague, confirm) and the shortcut help,
// opened by actions and closed by the dialog itself.
import { ExternalStore } from '../../shared/state/external-store';

export type Dialog =
  | { readonly kind: 'whisper'; readonly callId: string }
  | { readonly kind: 'pick-agent'; readonly callId: string }
  | {
      readonly kind: 'confirm';
      readonly message: string;
      readonly confirmLabel: string;
      readonly resolve: (ok: boolean) => void;
    };

export interface DialogState {
  readonly dialog: Dialog | null;
  readonly help: boolean;
}

export class DialogStore extends ExternalStore<DialogState> {
  constructor() {
    super({ dialog: null, help: false });
  }

  open(dialog: Dialog): void {
    this.close();
    this.set({ ...this.get(), dialog });
  }

  confirm(message: string, confirmLabel: string): Promise<boolean> {
    return new Promise((resolve) => this.open({ kind: 'confirm', message, confirmLabel, resolve }));
  }

  /** Closes the open dialog; an unanswered confirm counts as "no". */
  close(): void {
    const d = this.get().dialog;
    if (!d) return;
    this.set({ ...this.get(), dialog: null });
    if (d.kind === 'confirm') d.resolve(false);
  }

  answer(ok: boolean): void {
    const d = this.get().dialog;
    if (d?.kind !== 'confirm') return;
    this.set({ ...this.get(), dialog: null });
    d.resolve(ok);
  }

  toggleHelp(): void {
    this.set({ ...this.get(), help: !this.get().help });
  }
}
