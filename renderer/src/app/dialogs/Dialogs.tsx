// Shows whichever dialog is open (one at a time) and the shortcut help.
import type { Action } from '../../shared/actions/action';
import type { ActionContext } from '../action-context';
import { useStore } from '../../shared/state/use-store';
import { useApp } from '../app-context';
import { ConfirmDialog } from './ConfirmDialog';
import { PickAgentDialog } from './PickAgentDialog';
import { ShortcutHelp } from './ShortcutHelp';
import { WhisperDialog } from './WhisperDialog';

export function Dialogs({ ctx, actions }: { ctx: ActionContext; actions: readonly Action<ActionContext>[] }) {
  const app = useApp();
  const { dialog, help } = useStore(app.dialogs);
  const close = () => app.dialogs.close();
  return (
    <>
      {dialog?.kind === 'whisper' && <WhisperDialog callId={dialog.callId} ctx={ctx} onClose={close} />}
      {dialog?.kind === 'pick-agent' && <PickAgentDialog callId={dialog.callId} ctx={ctx} onClose={close} />}
      {dialog?.kind === 'confirm' && (
        <ConfirmDialog
          message={dialog.message}
          confirmLabel={dialog.confirmLabel}
          onAnswer={(ok) => app.dialogs.answer(ok)}
        />
      )}
      {help && !dialog && (
        <ShortcutHelp actions={actions} ctx={ctx} onClose={() => app.dialogs.toggleHelp()} />
      )}
    </>
  );
}
