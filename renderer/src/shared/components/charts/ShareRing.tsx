// A share (0..1) as a ring with the percentage in the middle (the AI-resolved share of calls).
import { formatPercent } from '../../format/format';
import './charts.css';

export function ShareRing({ share, label }: { share: number | undefined; label: string }) {
  const r = 40;
  const c = 2 * Math.PI * r;
  const s = share === undefined || !Number.isFinite(share) ? 0 : Math.min(1, Math.max(0, share));
  const text = share === undefined ? '—' : formatPercent(s);
  return (
    <svg className="ring" viewBox="0 0 100 100" role="img" aria-label={`${label}: ${text}`}>
      <circle className="ring-track" cx="50" cy="50" r={r} />
      {s > 0 && (
        <circle
          className="ring-fill"
          cx="50"
          cy="50"
          r={r}
          strokeDasharray={`${s * c} ${c}`}
          transform="rotate(-90 50 50)"
        />
      )}
      <text x="50" y="50" dy="0.35em" textAnchor="middle" className="ring-text">
        {text}
      </text>
    </svg>
  );
}
