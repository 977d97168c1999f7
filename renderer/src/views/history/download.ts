// Saves text as a file the person downloads (export of calls as JSON or CSV), with no network.

export function downloadText(filename: string, content: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function mimeFor(format: 'json' | 'csv'): string {
  return format === 'json' ? 'application/json' : 'text/csv';
}
