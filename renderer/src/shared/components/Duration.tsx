// A running duration (m:ss) since a moment, ticking with the shared wall clock.
import { formatDuration } from '../format/format';
import { wallClock } from '../state/ticker';
import { useStore } from '../state/use-store';

export function Duration({ since, label }: { since: number; label?: string }) {
  const now = useStore(wallClock);
  const text = formatDuration(now - since);
  return (
    <time className="duration" aria-label={label ? `${label} ${text}` : undefined}>
      {text}
    </time>
  );
}
