// A take-over's progress, step by step, until the caller is with a person; failures in plain words.
import type { TakeOverProgress, TakeOverStage } from './take-over';

const PHONE_STEPS: readonly { stage: TakeOverStage; label: string }[] = [
  { stage: 'requesting', label: 'Asked' },
  { stage: 'finding', label: 'Hold music' },
  { stage: 'ringing', label: 'Ringing' },
  { stage: 'connected', label: 'Connected' },
];
const HEADSET_STEPS: readonly { stage: TakeOverStage; label: string }[] = [
  { stage: 'requesting', label: 'Microphone' },
  { stage: 'connected', label: 'On the call' },
];

export function TakeOverBanner({
  progress,
  onDismiss,
}: {
  progress: TakeOverProgress;
  onDismiss: () => void;
}) {
  const failed = progress.stage === 'failed';
  const steps = progress.via === 'headset' ? HEADSET_STEPS : PHONE_STEPS;
  const at = steps.findIndex((s) => s.stage === progress.stage);
  return (
    <section
      className={`takeover${failed ? ' takeover-failed' : ''}${progress.stage === 'connected' ? ' takeover-done' : ''}`}
      aria-label="Take-over progress"
    >
      <ol className="takeover-steps" aria-hidden={failed}>
        {steps.map((s, i) => (
          <li key={s.stage} className={i < at ? 'step-done' : i === at ? 'step-now' : 'step-next'}>
            {s.label}
          </li>
        ))}
      </ol>
      <p className="takeover-message" role={failed ? 'alert' : 'status'} data-testid="takeover-message">
        {progress.message}
      </p>
      {(failed || progress.stage === 'connected') && (
        <button type="button" className="btn btn-quiet btn-compact" onClick={onDismiss}>
          Dismiss
        </button>
      )}
    </section>
  );
}
