// Horizontal bars with their labels and values, for counts by category (escalations by reason).
import { DataTable } from './DataTable';
import './charts.css';

export function BarList({
  title,
  items,
  format = String,
  empty,
}: {
  title: string;
  items: readonly { label: string; value: number }[];
  format?: (v: number) => string;
  empty: string;
}) {
  const max = Math.max(1, ...items.map((i) => i.value));
  if (items.length === 0) return <p className="empty-note">{empty}</p>;
  return (
    <figure className="bar-list">
      <ul aria-hidden="true">
        {items.map((item) => (
          <li key={item.label} className="bar-row">
            <span className="bar-label">{item.label}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(item.value / max) * 100}%` }} />
            </span>
            <span className="bar-value">{format(item.value)}</span>
          </li>
        ))}
      </ul>
      <DataTable caption={title} rows={items.map((i) => [i.label, format(i.value)])} />
    </figure>
  );
}
