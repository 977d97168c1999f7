// A call's state as a small coloured pill (colour is never the only cue: the label says it).
import type { LiveCall } from '../../api/contract';
import { callStatus } from '../calls/call-status';

export function StatusPill({
  call,
}: {
  call: Pick<LiveCall, 'phase' | 'activity' | 'agentLabel' | 'provider'>;
}) {
  const s = callStatus(call);
  return (
    <span className={`pill pill-${s.tone}`} data-testid="call-status">
      <span className="pill-dot" aria-hidden="true" />
      {s.label}
    </span>
  );
}
