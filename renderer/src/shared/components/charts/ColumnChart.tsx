// Vertical bars with a light grid and optional reference lines (p50/p95), drawn as plain SVG.
import { DataTable } from './DataTable';
import { integerAxis, niceMax, ticks } from './chart-scale';
import './charts.css';

export interface Column {
  readonly label: string;
  readonly value: number | undefined;
  readonly tone?: 'accent' | 'warn' | 'muted';
  /** A second, higher value drawn as a whisker above the bar (p95 over p50). */
  readonly whisker?: number;
}

export interface ReferenceLine {
  readonly label: string;
  readonly value: number;
}

const W = 560;
const H = 180;
const PAD = { left: 44, right: 12, top: 12, bottom: 26 };

export function ColumnChart({
  title,
  columns,
  format,
  references = [],
  height = H,
  integer = false,
  empty = 'No data yet.',
}: {
  title: string;
  columns: readonly Column[];
  format: (v: number) => string;
  references?: readonly ReferenceLine[];
  height?: number;
  /** Counts: ticks on whole numbers. */
  integer?: boolean;
  /** Shown instead of an empty grid when there is nothing to draw. */
  empty?: string;
}) {
  const values = columns.map((c) => c.value ?? 0);
  const top = Math.max(
    0,
    ...values,
    ...columns.map((c) => c.whisker ?? 0),
    ...references.map((r) => r.value),
  );
  if (top === 0) return <p className="empty-note chart-empty">{empty}</p>;
  const axis = integer ? integerAxis(top) : { max: niceMax(top), count: 4 };
  const max = axis.max;
  const innerW = W - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const slot = columns.length > 0 ? innerW / columns.length : innerW;
  const barW = Math.max(2, Math.min(36, slot * 0.66));
  const labelEvery = Math.max(1, Math.ceil(columns.length / 12));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        {ticks(max, axis.count).map((t) => (
          <g key={t} className="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x = PAD.left + i * slot + (slot - barW) / 2;
          const v = c.value ?? 0;
          return (
            <g key={`${c.label}:${i}`}>
              {c.value !== undefined && (
                <rect
                  className={`chart-bar chart-${c.tone ?? 'accent'}`}
                  x={x}
                  y={y(v)}
                  width={barW}
                  height={Math.max(0, y(0) - y(v))}
                  rx={2}
                >
                  <title>{`${c.label}: ${format(v)}`}</title>
                </rect>
              )}
              {c.whisker !== undefined && c.whisker > v && (
                <g className="chart-whisker">
                  <line x1={x + barW / 2} x2={x + barW / 2} y1={y(v)} y2={y(c.whisker)} />
                  <line x1={x + barW / 4} x2={x + (3 * barW) / 4} y1={y(c.whisker)} y2={y(c.whisker)} />
                </g>
              )}
              {(columns.length - 1 - i) % labelEvery === 0 && (
                <text className="chart-label" x={x + barW / 2} y={height - 8} textAnchor="middle">
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
        {references.map((r) => (
          <g key={r.label} className="chart-ref">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(r.value)} y2={y(r.value)} />
            <text x={W - PAD.right} y={y(r.value) - 4} textAnchor="end">
              {`${r.label} ${format(r.value)}`}
            </text>
          </g>
        ))}
      </svg>
      <DataTable
        caption={title}
        rows={columns.map((c) => [c.label, c.value === undefined ? '—' : format(c.value)])}
      />
    </figure>
  );
}
