// Asks the core's console API directly (an in-memory pipe, no browser) whether a feature is wired
// yet, so the end-to-end run can say plainly which scenarios wait for other parts of the app.
import type { CommandArgs, CommandName, CommandResult } from '../../../bridge/api/contract';
import { createPipePair } from '../../../bridge/api/pipe';
import type { Core } from '../../../bridge/core';

export interface DirectConsole {
  call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<CommandResult<N>>;
  close(): void;
}

export function directConsole(core: Core): DirectConsole {
  const [ours, theirs] = createPipePair();
  const detach = core.attachConsole(theirs, {});
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error & { code?: string }) => void }
  >();
  ours.onMessage((m) => {
    const msg = m as {
      type: string;
      id: number;
      result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    };
    if (msg.type !== 'res') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.result.ok) p.resolve(msg.result.value);
    else p.reject(Object.assign(new Error(msg.result.error!.message), { code: msg.result.error!.code }));
  });
  return {
    call(name, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ours.send({ type: 'cmd', id, name, args });
      });
    },
    close() {
      detach();
      ours.close();
    },
  };
}

/** True unless the command answers API_UNAVAILABLE (a placeholder handler). */
export async function isWired<N extends CommandName>(
  c: DirectConsole,
  name: N,
  args: CommandArgs<N>,
): Promise<boolean> {
  try {
    await c.call(name, args);
    return true;
  } catch (err) {
    return (err as { code?: string }).code !== 'API_UNAVAILABLE';
  }
}
