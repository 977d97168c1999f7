// Plays a caller's voicemail: one click fetches a recording kept on the host (in parts) and plays it
// here; a carrier recording plays from its own address.
import { useEffect, useState } from 'react';
import { plainError } from '../../api/plain-error';
import { useApp } from '../../app/app-context';
import { formatDuration } from '../../shared/format/format';
import { fetchVoicemail } from './voicemail-audio';
import './callbacks.css';

export function VoicemailPlayer({
  callId,
  recording,
  url,
  durationS,
}: {
  callId: string;
  recording: 'here' | 'carrier' | 'none';
  url?: string;
  durationS?: number;
}) {
  const app = useApp();
  const [src, setSrc] = useState<string | null>(recording === 'carrier' ? (url ?? null) : null);
  const [state, setState] = useState<'idle' | 'loading' | 'error'>('idle');
  const [message, setMessage] = useState('');
  useEffect(
    () => () => {
      if (src?.startsWith('blob:')) URL.revokeObjectURL(src);
    },
    [src],
  );
  if (recording === 'none') return null;
  const load = () => {
    setState('loading');
    fetchVoicemail(app.client, callId).then(
      (bytes) => {
        setSrc(URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' })));
        setState('idle');
      },
      (err: unknown) => {
        setState('error');
        setMessage(plainError(err));
      },
    );
  };
  const length = durationS !== undefined ? ` (${formatDuration(durationS * 1000)})` : '';
  return (
    <div className="voicemail-player" data-testid="voicemail-player">
      {src ? (
        <audio controls src={src} autoPlay={recording === 'here'} aria-label={`Voicemail${length}`} />
      ) : (
        <button
          type="button"
          className="btn btn-secondary btn-compact"
          onClick={load}
          disabled={state === 'loading'}
        >
          {state === 'loading' ? 'Fetching the message…' : `Play the message${length}`}
        </button>
      )}
      {state === 'error' && (
        <p className="field-error" role="alert">
          {message}
        </p>
      )}
    </div>
  );
}
