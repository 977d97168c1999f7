// Figures as an export shows them to people: shillings with two decimals, durations as h:mm:ss and
// whole seconds, offsets into a call in seconds. Spreadsheets read each of these as a number or a time.

/** 1250 cents → "12.50" (fractions of a cent, from AI prices, are rounded). */
export function kesText(kesCents: number | null | undefined): string {
  if (kesCents === null || kesCents === undefined || !Number.isFinite(kesCents)) return '';
  const cents = Math.round(kesCents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 95_400 ms → 95 (whole seconds, rounded). */
export function wholeSeconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : Math.round(ms / 1000);
}

/** 95_400 ms → "0:01:35". */
export function durationText(ms: number | null | undefined): string {
  const s = wholeSeconds(ms);
  if (s === null) return '';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** 3_249.7 ms → 3.2 (seconds, one decimal): where in the call a line was said. */
export function offsetSeconds(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : Math.round(ms / 100) / 10;
}

/** A latency in whole milliseconds. */
export function wholeMs(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? null : Math.round(ms);
}
