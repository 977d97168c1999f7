// One load step of the ai-leg benchmark in a process of its own (forked by ai-leg.ts): the app's core
// (or the naive relay) starts fresh, as a real app's process would, instead of inheriting the heap and
// compiled code of the steps before it (run one after another in one process, the 200-call step used
// about 15 points of a core more than on its own).
import { load, type LoadStep } from './ai-leg';

const step = JSON.parse(process.argv[2] ?? '{}') as LoadStep;
load(step.kind, step.calls, step.windowMs, (line) => process.send!({ log: line })).then(
  (row) => process.send!({ row }, () => process.exit(0)),
  (err: unknown) => {
    process.send!({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () =>
      process.exit(1),
    );
  },
);
