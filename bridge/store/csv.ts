// CSV as spreadsheets read it (RFC 4180): every field quoted when needed, CRLF line ends, and cells
// that a spreadsheet would run as a formula (=, +, -, @ …) defused with a leading apostrophe.

export type CsvCell = string | number | boolean | null | undefined;

/** Plain numbers (and phone numbers such as +254712345678) are data, not formulas. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
