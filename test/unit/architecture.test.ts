// The house's rules, checked on the real import graph: bridge/'s folders import only down the order of
// bridge/layers.json (type-only and dynamic imports included), electron/ enters through bridge/desktop.ts,
// the renderer sees only the contract, and the lint rule that stops an upward import as it is typed is live.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import {
  LAYERS,
  REPO_ROOT,
  folderOf,
  importEdges,
  upwardImports,
  type ImportEdge,
} from '../harness/import-graph';

const show = (edges: readonly ImportEdge[]) => edges.map((e) => `${e.from}:${e.line} → ${e.to}`);

describe('bridge/ layers', () => {
  const edges = importEdges(['bridge']);

  it('lists every folder of bridge/ in bridge/layers.json, once, and nothing that is not there', () => {
    const folders = fs
      .readdirSync(path.join(REPO_ROOT, 'bridge'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const listed = LAYERS.map((l) => l.folder);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual(folders);
  });

  it('has no import running up the order or sideways between folders', () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(show(upwardImports(edges))).toEqual([]);
  });

  it('keeps bridge/ root to the entries that assemble the layers', () => {
    const root = fs
      .readdirSync(path.join(REPO_ROOT, 'bridge'))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    expect(root).toEqual(['core.ts', 'desktop.ts', 'serve.ts']);
  });

  it('keeps the domain words free of everything else', () => {
    const out = edges.filter((e) => folderOf(e.from) === 'domain' && folderOf(e.to) !== 'domain');
    expect(show(out)).toEqual([]);
  });

  it('would see an upward import (the check itself can fail)', () => {
    const planted: ImportEdge[] = [
      { from: 'bridge/media/pacer.ts', to: 'bridge/calls/session.ts', line: 1 },
      { from: 'bridge/human/roster.ts', to: 'bridge/team/team-host.ts', line: 1 },
      { from: 'bridge/store/client.ts', to: 'bridge/core.ts', line: 1 },
      { from: 'bridge/calls/session.ts', to: 'bridge/media/pacer.ts', line: 1 },
    ];
    expect(show(upwardImports(planted))).toEqual([
      'bridge/media/pacer.ts:1 → bridge/calls/session.ts',
      'bridge/human/roster.ts:1 → bridge/team/team-host.ts',
      'bridge/store/client.ts:1 → bridge/core.ts',
    ]);
  });
});

describe('the doors into bridge/', () => {
  it('electron/ imports only bridge/desktop.ts', () => {
    const into = importEdges(['electron']).filter((e) => e.to.startsWith('bridge/'));
    expect(into.length).toBeGreaterThan(0);
    expect(show(into.filter((e) => e.to !== 'bridge/desktop.ts'))).toEqual([]);
  });

  it('the renderer imports only the contract and the listen-frame codec, and the contract only the domain words', () => {
    const into = importEdges(['renderer/src']).filter((e) => e.to.startsWith('bridge/'));
    const doors = ['bridge/api/contract.ts', 'bridge/api/listen-frame.ts'];
    expect(show(into.filter((e) => !doors.includes(e.to)))).toEqual([]);
    // The codec is plain code on the contract's types: nothing that needs Node.
    const codec = importEdges(['bridge/api']).filter((e) => e.from === 'bridge/api/listen-frame.ts');
    expect(show(codec.filter((e) => e.to !== 'bridge/api/contract.ts'))).toEqual([]);
    const contract = importEdges(['bridge/api']).filter((e) => e.from === 'bridge/api/contract.ts');
    expect(show(contract.filter((e) => !e.to.startsWith('bridge/domain/')))).toEqual([]);
  });
});

describe('the lint rule', () => {
  // The probe files exist only in memory, so no TypeScript project holds them: lint them without types.
  const eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const lint = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
    const messages = result?.messages ?? [];
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
  };

  it('refuses an upward import in bridge/ as it is written, and lets a downward one through', async () => {
    const up = await lint(
      'bridge/media/probe.ts',
      "import type { Core } from '../core';\nimport { x } from '../calls/session';\nexport const y = x as Core;\n",
    );
    expect(up).toHaveLength(2);
    expect(up[1]).toContain('bridge/media/ imports only from itself and the layers below it');
    const down = await lint(
      'bridge/calls/probe.ts',
      "import { x } from '../media/pacer';\nexport const y = x;\n",
    );
    expect(down).toEqual([]);
  });

  it('refuses electron/ reaching past the door', async () => {
    const past = await lint(
      'electron/probe.ts',
      "import { x } from '../bridge/calls/registry';\nexport const y = x;\n",
    );
    expect(past.join()).toContain('bridge/desktop.ts');
  });
});
