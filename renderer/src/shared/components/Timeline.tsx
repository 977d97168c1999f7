// A call's events in order (stream connected, escalation, ringing Wanjiru, connected…), newest last.
import type { TimelineItem } from '../../api/contract';
import { formatTime } from '../format/format';
import './Timeline.css';

const IMPORTANT = new Set([
  'escalation',
  'redirect',
  'test.handoff',
  'dial.attempt',
  'dial.result',
  'agent.connected',
  'queue.joined',
  'error',
  'call.ended',
]);

export function Timeline({ items }: { items: readonly TimelineItem[] }) {
  if (items.length === 0) return <p className="empty-note">No events yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {items.map((item, i) => (
        <li
          key={`${item.at}:${item.kind}:${i}`}
          className={`timeline-item${IMPORTANT.has(item.kind) ? ' timeline-important' : ''}${item.kind === 'error' ? ' timeline-error' : ''}`}
        >
          <time className="timeline-time">{formatTime(item.at)}</time>
          <span className="timeline-text">{item.summary}</span>
        </li>
      ))}
    </ol>
  );
}
