// The core's console API asked directly (an in-memory pipe, no browser): what the end-to-end run
// checks behind the window (a setting really saved).
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
