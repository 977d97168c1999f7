// `npm run arch`: draws bridge/'s import graph as the layers stand (docs/import-graph.svg) and prints the
// folder-to-folder matrix. Layers are stacked bottom first as bridge/layers.json orders them; each arc is
// one folder importing another (thicker for more imports), drawn grey going down and red going up (the
// architecture test fails on any red arc). electron/ and the renderer are drawn with their one door each.
import fs from 'node:fs';
import path from 'node:path';
import {
  LAYERS,
  REPO_ROOT,
  folderMatrix,
  folderOf,
  importEdges,
  rankOf,
  sourceFiles,
} from '../harness/import-graph';

const ROW_PX = 44;
const BOX_W = 300;
const LEFT = 185;
const TOP = 30;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const bridgeEdges = importEdges(['bridge']);
const matrix = folderMatrix(bridgeEdges);
const outside = importEdges(['electron', 'renderer/src']).filter((e) => e.to.startsWith('bridge/'));

// Rows top to bottom: the entries at bridge/'s root, then the layers from the top one down.
const rows = ['(root)', ...LAYERS.map((l) => l.folder).reverse()];
const rowOf = (folder: string) => rows.indexOf(folder);
const yOf = (row: number) => TOP + row * ROW_PX + ROW_PX / 2;
const filesIn = (folder: string) =>
  folder === '(root)'
    ? sourceFiles('bridge').filter((f) => folderOf(f) === '').length
    : sourceFiles(`bridge/${folder}`).length;
const jobOf = (folder: string) =>
  folder === '(root)'
    ? 'the entries: core.ts (wiring), serve.ts, desktop.ts'
    : (LAYERS.find((l) => l.folder === folder)?.job ?? '');

const parts: string[] = [];
const height = TOP + rows.length * ROW_PX + 40;
const width = LEFT + BOX_W + 420;
parts.push(
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
  `<rect width="100%" height="100%" fill="#ffffff"/>`,
  `<text x="${LEFT}" y="18" font-size="13" font-weight="600">bridge/ layers (top imports down; arcs: folder → folder it imports)</text>`,
);
const maxCount = Math.max(...matrix.values());
let upward = 0;
for (const [key, count] of [...matrix.entries()].sort((a, b) => a[1] - b[1])) {
  const [from = '', to = ''] = key.split('>');
  const a = rowOf(from);
  const b = rowOf(to);
  const goesUp = rankOf(to === '(root)' ? '' : to) >= rankOf(from === '(root)' ? '' : from);
  if (goesUp) upward++;
  const x = LEFT + BOX_W;
  const bulge = 18 + Math.abs(b - a) * 22;
  const stroke = goesUp ? '#d62728' : '#7f8c8d';
  const widthPx = (0.8 + (3.2 * count) / maxCount).toFixed(1);
  parts.push(
    `<path d="M ${x} ${yOf(a)} C ${x + bulge} ${yOf(a)}, ${x + bulge} ${yOf(b)}, ${x + 6} ${yOf(b)}" fill="none" stroke="${stroke}" stroke-opacity="0.55" stroke-width="${widthPx}"><title>${esc(`${from} → ${to}: ${count} import${count === 1 ? '' : 's'}`)}</title></path>`,
    `<path d="M ${x + 6} ${yOf(b)} l 7 -3 l 0 6 z" fill="${stroke}" fill-opacity="0.7"/>`,
  );
}
rows.forEach((folder, row) => {
  const y = TOP + row * ROW_PX + 6;
  const fill = folder === '(root)' ? '#fdf2e9' : '#eaf2f8';
  parts.push(
    `<rect x="${LEFT}" y="${y}" width="${BOX_W}" height="${ROW_PX - 12}" rx="6" fill="${fill}" stroke="#5d6d7e"/>`,
    `<text x="${LEFT + 10}" y="${y + 14}" font-weight="600">${esc(folder === '(root)' ? 'bridge/ (root)' : `${folder}/`)} <tspan font-weight="400" fill="#566573">${filesIn(folder)} files</tspan></text>`,
    `<text x="${LEFT + 10}" y="${y + 27}" font-size="10" fill="#566573">${esc(jobOf(folder).slice(0, 50))}${jobOf(folder).length > 50 ? '…' : ''}</text>`,
  );
});
// The two doors from outside bridge/.
const doors: [who: string, label: string, files: string[], folder: string][] = [
  ['electron/', 'desktop.ts', ['bridge/desktop.ts'], '(root)'],
  ['renderer/', 'api/ (contract, codec)', ['bridge/api/contract.ts', 'bridge/api/listen-frame.ts'], 'api'],
];
doors.forEach(([who, label, files, folder], i) => {
  const y = TOP + 6 + i * 60;
  const into = outside.filter((e) => e.from.startsWith(who.replace('/', '')));
  const other = into.filter((e) => !files.includes(e.to)).length;
  parts.push(
    `<rect x="10" y="${y}" width="158" height="32" rx="6" fill="#f4f6f6" stroke="#5d6d7e"/>`,
    `<text x="20" y="${y + 14}" font-weight="600">${who}</text>`,
    `<text x="20" y="${y + 27}" font-size="10" fill="${other ? '#d62728' : '#566573'}">${into.length} imports, via ${label}</text>`,
    `<path d="M 168 ${y + 16} L ${LEFT - 4} ${yOf(rowOf(folder))}" stroke="#2e86c1" stroke-width="1.2" fill="none"/>`,
  );
});
parts.push(
  `<text x="${LEFT}" y="${height - 14}" fill="${upward ? '#d62728' : '#1e8449'}">${upward} import${upward === 1 ? '' : 's'} running up · ${bridgeEdges.length} imports inside bridge/</text>`,
  '</svg>',
);

const out = path.join(REPO_ROOT, 'docs', 'import-graph.svg');
fs.writeFileSync(out, `${parts.join('\n')}\n`);

// The matrix, as text: rows import columns.
const cols = rows.slice(1).reverse();
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`${pad('imports →', 14)}${cols.map((c) => c.slice(0, 5).padStart(6)).join('')}`);
for (const from of rows) {
  const cells = cols.map((to) => String(matrix.get(`${from}>${to}`) ?? '·').padStart(6));
  console.log(`${pad(from, 14)}${cells.join('')}`);
}
console.log(`\n${upward} upward imports; wrote ${path.relative(REPO_ROOT, out)}`);
