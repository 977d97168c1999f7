// Whisper to AI: a hint the AI takes into account on this call; the caller never hears it as such.
import { useState } from 'react';
import { sendWhisper } from '../../features/live/call-actions';
import type { ActionContext } from '../action-context';
import { Modal } from '../../shared/components/Modal';

const MAX_WHISPER_CHARS = 1000;

export function WhisperDialog({
  callId,
  ctx,
  onClose,
}: {
  callId: string;
  ctx: ActionContext;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const trimmed = text.trim();
  return (
    <Modal title="Whisper to the AI" onClose={onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!trimmed || sending) return;
          setSending(true);
          void sendWhisper(ctx, callId, trimmed).then((ok) => {
            setSending(false);
            if (ok) onClose();
          });
        }}
      >
        <label className="field">
          <span className="field-label">Hint for the AI</span>
          <textarea
            autoFocus
            rows={3}
            maxLength={MAX_WHISPER_CHARS}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. Offer the caller a callback tomorrow morning."
          />
          <span className="field-help">
            The AI uses this from its next reply. The caller does not hear it read out.
          </span>
        </label>
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={!trimmed || sending}>
            {sending ? 'Sending…' : 'Send hint'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
