// Saves text as a file the person downloads (export of calls as JSON or CSV), with no network. A long
// export comes in parts: the file is made from them as they are (a Blob of parts), never one string.

export function downloadText(filename: string, content: string, mimeType: string): void {
  downloadParts(filename, [content], mimeType);
}

export function downloadParts(filename: string, parts: readonly string[], mimeType: string): void {
  const url = URL.createObjectURL(new Blob([...parts], { type: mimeType }));
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
