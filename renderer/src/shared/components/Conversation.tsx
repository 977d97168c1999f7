// A call's transcript as a conversation: caller and AI/agent bubbles, partials updating in place, and
// interrupted AI lines showing what the caller heard (the rest struck through).
import { useEffect, useRef } from 'react';
import type { TranscriptLine } from '../../api/contract';
import { splitHeard } from '../calls/heard-text';
import { formatLatency, formatOffset } from '../format/format';
import './Conversation.css';

type Line = TranscriptLine & { readonly latencyMs?: number };

export function Conversation({
  lines,
  follow = true,
  agentName = 'AI',
  emptyText = 'Nothing said yet.',
}: {
  lines: readonly Line[];
  follow?: boolean;
  agentName?: string;
  emptyText?: string;
}) {
  const ref = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = ref.current;
    if (el && follow && pinned.current) el.scrollTop = el.scrollHeight;
  }, [lines, follow]);
  if (lines.length === 0) return <p className="empty-note">{emptyText}</p>;
  return (
    <ol
      className="conversation"
      ref={ref}
      role="log"
      aria-label="Transcript"
      aria-relevant="additions"
      onScroll={(e) => {
        const el = e.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {lines.map((line) => (
        <Bubble key={`${line.turnId}:${line.speaker}`} line={line} agentName={agentName} />
      ))}
    </ol>
  );
}

function Bubble({ line, agentName }: { line: Line; agentName: string }) {
  const who = line.speaker === 'caller' ? 'Caller' : agentName;
  const split = line.interrupted ? splitHeard(line.text, line.heardMs) : null;
  return (
    <li
      className={`bubble bubble-${line.speaker}${line.final ? '' : ' bubble-partial'}`}
      data-testid="transcript-line"
    >
      <div className="bubble-meta">
        <span className="bubble-who">{who}</span>
        <span className="bubble-time">{formatOffset(line.startMs)}</span>
        {line.latencyMs !== undefined && (
          <span className="bubble-latency">reply {formatLatency(line.latencyMs)}</span>
        )}
        {!line.final && <span className="bubble-live">speaking…</span>}
      </div>
      {split ? (
        <p className="bubble-text">
          {split.heard || (split.unheard ? '' : '…')}
          {split.unheard && (
            <del className="unheard" title="Not heard: the caller interrupted">
              {split.unheard}
            </del>
          )}
          <span className="bubble-note">
            Interrupted — the caller heard {line.heardMs !== undefined ? formatLatency(line.heardMs) : 'part'}{' '}
            of this
          </span>
        </p>
      ) : (
        <p className="bubble-text">{line.text || '…'}</p>
      )}
    </li>
  );
}
