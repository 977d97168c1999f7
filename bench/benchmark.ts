// What a benchmark is to the runner (`npm run bench`): a name, a run that returns tables for people
// and data for bench/results/<name>-<time>.json. Register one in bench/run.ts with one line.

export interface BenchContext {
  /** `--quick`: a smaller run for a quick look (seconds, not minutes). */
  readonly quick: boolean;
  /** Progress lines for the person watching. */
  readonly log: (line: string) => void;
}

export interface BenchTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
  /** Notes printed under the table (what the figures include, caveats). */
  readonly notes?: readonly string[];
}

export interface BenchResult {
  readonly tables: readonly BenchTable[];
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

/** Renders a table as aligned plain text. */
export function renderTable(table: BenchTable): string {
  const cell = (v: string | number | null) =>
    v === null ? '–' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v;
  const rows = table.rows.map((r) => r.map(cell));
  const widths = table.columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [
    table.title,
    line(table.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  for (const note of table.notes ?? []) out.push(`  · ${note}`);
  return out.join('\n');
}
