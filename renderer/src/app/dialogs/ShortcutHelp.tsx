// Every keyboard shortcut, listed from the actions themselves (so the list cannot drift).
import type { Action } from '../../shared/actions/action';
import type { ActionContext } from '../action-context';
import { Modal } from '../../shared/components/Modal';

export function ShortcutHelp({
  actions,
  ctx,
  onClose,
}: {
  actions: readonly Action<ActionContext>[];
  ctx: ActionContext;
  onClose: () => void;
}) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcut-table">
        <tbody>
          {actions
            .filter((a) => a.shortcut)
            .map((a) => (
              <tr key={a.id}>
                <td>
                  <kbd>{a.shortcut!.hint}</kbd>
                </td>
                <td>{a.label(ctx)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
