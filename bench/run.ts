// `npm run bench [-- --quick] [-- --only ai-leg,human-leg,store]`: runs the registered benchmarks one after
// another in this process, prints their tables, and writes each result to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderTable, type Benchmark } from './benchmark';

/** One line per benchmark: name → module whose default export is a Benchmark. */
const BENCHMARKS: Record<string, () => Promise<{ default: Benchmark }>> = {
  'ai-leg': () => import('./ai-leg'),
  'human-leg': () => import('./human-leg'),
  store: () => import('./store'),
  handoff: () => import('./handoff'),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string', default: path.join(path.dirname(fileURLToPath(import.meta.url)), 'results') },
    },
  });
  const names = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(BENCHMARKS);
  for (const name of names) {
    if (!BENCHMARKS[name])
      throw new Error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHMARKS).join(', ')})`);
  }
  mkdirSync(values.out!, { recursive: true });
  const machine = {
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemMb: Math.round(os.totalmem() / 2 ** 20),
    loadAverage: os.loadavg(),
  };
  console.log(
    `Sauti Console benchmarks${values.quick ? ' (quick)' : ''} · Node ${machine.node} · ${machine.cpus} CPUs`,
  );
  for (const name of names) {
    const bench = (await BENCHMARKS[name]!()).default;
    console.log(`\n== ${bench.name}: ${bench.description}`);
    const startedAt = new Date();
    const t0 = performance.now();
    const result = await bench.run({ quick: values.quick!, log: (line) => console.log(`   ${line}`) });
    const tookS = (performance.now() - t0) / 1000;
    for (const table of result.tables) console.log(`\n${renderTable(table)}`);
    const file = path.join(
      values.out!,
      `${bench.name}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
    );
    const json = {
      benchmark: bench.name,
      startedAt: startedAt.toISOString(),
      tookS,
      quick: values.quick,
      machine,
      ...result,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\n${bench.name}: ${tookS.toFixed(1)} s · results in ${path.relative(process.cwd(), file)}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
