// The import graph of the source tree, read with TypeScript's own pre-parser (static, type-only and
// dynamic imports, re-exports): the architecture test checks bridge/'s layer order on it, and
// `npm run arch` draws it.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import layersFile from '../../bridge/layers.json';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface Layer {
  readonly folder: string;
  readonly job: string;
}

/** bridge/'s layers, bottom first (bridge/layers.json). */
export const LAYERS: readonly Layer[] = layersFile.layers;

export interface ImportEdge {
  /** Repository-relative, with forward slashes. */
  readonly from: string;
  readonly to: string;
  readonly line: number;
}

const SOURCE = /\.(ts|tsx|mts)$/;
const RESOLVE_TRIES = ['', '.ts', '.tsx', '.mts', '/index.ts', '.json'];

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(rel));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function resolve(fromFile: string, spec: string): string | null {
  // Vite's suffixes (`?worker&url`, `?raw`) name the same file.
  const base = path.join(path.dirname(fromFile), spec.replace(/\?.*$/, ''));
  for (const tail of RESOLVE_TRIES) {
    const candidate = base + tail;
    const abs = path.join(REPO_ROOT, candidate);
    if (fs.existsSync(abs) && fs.statSync(abs).isFile()) return candidate.split(path.sep).join('/');
  }
  return null;
}

/** Every relative import of the files under `dirs`, resolved to the file it names. */
export function importEdges(dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of dirs.flatMap(sourceFiles)) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const to = resolve(file, ref.fileName);
      if (!to) throw new Error(`${file}: cannot resolve import '${ref.fileName}'`);
      const line = text.slice(0, ref.pos).split('\n').length;
      edges.push({ from: file, to, line });
    }
  }
  return edges;
}

/** The layer folder of a file under bridge/ ('' for the entries at bridge/'s root). */
export function folderOf(file: string): string {
  const parts = file.split('/');
  return parts[0] === 'bridge' && parts.length > 2 ? (parts[1] ?? '') : '';
}

/** Where a folder sits in the order (the root entries sit above every layer). */
export function rankOf(folder: string): number {
  if (folder === '') return LAYERS.length;
  const rank = LAYERS.findIndex((l) => l.folder === folder);
  return rank === -1 ? Number.NaN : rank;
}

/** The imports inside bridge/ that run up the order or sideways into another folder of the same rank. */
export function upwardImports(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((e) => {
    if (!e.to.startsWith('bridge/') || !e.from.startsWith('bridge/')) return false;
    const from = folderOf(e.from);
    const to = folderOf(e.to);
    return from !== to && !(rankOf(to) < rankOf(from));
  });
}

/** Folder-to-folder import counts inside bridge/ (key `from>to`). */
export function folderMatrix(edges: readonly ImportEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of edges) {
    if (!e.from.startsWith('bridge/') || !e.to.startsWith('bridge/')) continue;
    const from = folderOf(e.from) || '(root)';
    const to = folderOf(e.to) || '(root)';
    if (from === to) continue;
    const key = `${from}>${to}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
