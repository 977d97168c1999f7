// "Are you sure?" for actions that cannot be undone (hang up).
import { Modal } from '../../shared/components/Modal';

export function ConfirmDialog({
  message,
  confirmLabel,
  onAnswer,
}: {
  message: string;
  confirmLabel: string;
  onAnswer: (ok: boolean) => void;
}) {
  return (
    <Modal title="Please confirm" onClose={() => onAnswer(false)}>
      <p>{message}</p>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" autoFocus onClick={() => onAnswer(false)}>
          Cancel
        </button>
        <button type="button" className="btn btn-danger" onClick={() => onAnswer(true)}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
