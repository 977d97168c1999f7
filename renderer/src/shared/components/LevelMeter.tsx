// A live audio level (dBFS) as a bar, for the caller's side and the AI's side of a call.
import './LevelMeter.css';

const FLOOR_DBFS = -60;

export function levelFraction(dbfs: number): number {
  if (!Number.isFinite(dbfs) || dbfs <= FLOOR_DBFS) return 0;
  return Math.min(1, (dbfs - FLOOR_DBFS) / -FLOOR_DBFS);
}

export function LevelMeter({ label, dbfs, tone }: { label: string; dbfs: number; tone: 'caller' | 'ai' }) {
  const fraction = levelFraction(dbfs);
  return (
    <div className="meter">
      <span className="meter-label">{label}</span>
      <div
        className={`meter-track meter-${tone}`}
        role="meter"
        aria-label={`${label} level`}
        aria-valuemin={FLOOR_DBFS}
        aria-valuemax={0}
        aria-valuenow={Math.max(FLOOR_DBFS, Math.round(dbfs))}
        aria-valuetext={fraction === 0 ? 'silent' : `${Math.round(dbfs)} dBFS`}
      >
        <div className="meter-fill" style={{ transform: `scaleX(${fraction})` }} />
      </div>
    </div>
  );
}

/** Two tiny bars for a card: caller and AI, no labels beyond a title. */
export function MiniLevels({ inboundDbfs, outboundDbfs }: { inboundDbfs: number; outboundDbfs: number }) {
  return (
    <span className="mini-levels" title="Levels: caller / AI" aria-hidden="true">
      <span className="mini-bar">
        <span
          className="mini-fill mini-caller"
          style={{ transform: `scaleY(${levelFraction(inboundDbfs)})` }}
        />
      </span>
      <span className="mini-bar">
        <span className="mini-fill mini-ai" style={{ transform: `scaleY(${levelFraction(outboundDbfs)})` }} />
      </span>
    </span>
  );
}
