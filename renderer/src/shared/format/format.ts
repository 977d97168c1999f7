// Numbers for people: durations as m:ss, milliseconds as "640 ms", KES from cents, phone numbers spaced.

export function formatDuration(ms: number): string {
  const totalS = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function formatLatency(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(0)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

export function formatKes(cents: number): string {
  const kes = cents / 100;
  return `KES ${kes.toLocaleString('en-KE', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}%`;
}

/** +254712345678 → +254 712 345 678; anything else is left as it came. */
export function formatNumber(number: string): string {
  const ke = /^\+254(\d{3})(\d{3})(\d{3})$/.exec(number);
  if (ke) return `+254 ${ke[1]} ${ke[2]} ${ke[3]}`;
  return number;
}

export function formatTime(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}

export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${d.toLocaleTimeString(
    'en-GB',
    {
      hour: '2-digit',
      minute: '2-digit',
    },
  )}`;
}

/** Offset from call start as m:ss. */
export function formatOffset(ms: number): string {
  return formatDuration(ms);
}
