// The actions on a live call: take over (to me, or a colleague), listen in, whisper to the AI, hang up.
import { plainError } from '../api/plain-error';
import { canTakeOver } from '../calls/call-status';
import { formatNumber } from '../format/format';
import type { Action } from './action';
import type { ActionContext } from './context';

/** Asks the core to move a call to an agent and tracks the progress until someone is connected. */
export async function takeOverTo(
  ctx: ActionContext,
  callId: string,
  agentId: string,
  targetName: string,
): Promise<void> {
  ctx.takeOver.dispatch({ type: 'requested', callId, targetName });
  try {
    const { accepted } = await ctx.client.call('call.takeOver', { callId, agentId });
    ctx.takeOver.dispatch(
      accepted
        ? { type: 'accepted', callId }
        : { type: 'refused', callId, message: 'The call could not be taken over now.' },
    );
  } catch (err) {
    ctx.takeOver.dispatch({ type: 'refused', callId, message: plainError(err) });
  }
}

const takeable = (ctx: ActionContext) =>
  ctx.call !== null && canTakeOver(ctx.call) && !ctx.takeOver.isBusy(ctx.call.callId);

export const takeOverAction: Action<ActionContext> = {
  id: 'call.takeOver',
  label: (ctx) => (ctx.me ? 'Take over' : 'Take over…'),
  shortcut: { key: 't', hint: 'T' },
  enabled: takeable,
  run: (ctx) => {
    const call = ctx.call;
    if (!call) return;
    // Without knowing who I am, "to my number" means nothing: ask whom to send the caller to.
    if (!ctx.me) return ctx.ui.pickAgent(call.callId);
    return takeOverTo(ctx, call.callId, ctx.me.id, 'you');
  },
};

export const takeOverPickAction: Action<ActionContext> = {
  id: 'call.takeOverFor',
  label: () => 'Send to a colleague…',
  shortcut: { key: 'T', shift: true, hint: 'Shift T' },
  // Handing a call to someone else is the host's: a teammate takes calls over to their own phone.
  enabled: (ctx) => takeable(ctx) && !ctx.teammate,
  run: (ctx) => {
    if (ctx.call) ctx.ui.pickAgent(ctx.call.callId);
  },
};

export const listenAction: Action<ActionContext> = {
  id: 'call.listen',
  label: (ctx) => (ctx.call && ctx.listen.isListening(ctx.call.callId) ? 'Stop listening' : 'Listen in'),
  shortcut: { key: 'l', hint: 'L' },
  // The audio passes through this app only while the AI leg streams; a call with a person does not.
  enabled: (ctx) =>
    ctx.call !== null &&
    (ctx.call.phase === 'streaming' ||
      ctx.call.phase === 'escalating' ||
      ctx.listen.isListening(ctx.call.callId)),
  run: (ctx) => {
    if (ctx.call) return ctx.listen.toggle(ctx.call.callId);
  },
};

export const whisperAction: Action<ActionContext> = {
  id: 'call.whisper',
  label: () => 'Whisper to AI…',
  shortcut: { key: 'w', hint: 'W' },
  enabled: (ctx) => ctx.call !== null && ctx.call.phase === 'streaming',
  run: (ctx) => {
    if (ctx.call) ctx.ui.openWhisper(ctx.call.callId);
  },
};

export async function sendWhisper(ctx: ActionContext, callId: string, text: string): Promise<boolean> {
  try {
    await ctx.client.call('call.whisper', { callId, text });
    ctx.ui.notify('The AI got your hint.', 'info');
    return true;
  } catch (err) {
    ctx.ui.notify(plainError(err), 'error');
    return false;
  }
}

export const hangUpAction: Action<ActionContext> = {
  id: 'call.hangUp',
  label: () => 'Hang up',
  shortcut: { key: 'X', shift: true, hint: 'Shift X' },
  enabled: (ctx) => ctx.call !== null && ctx.call.phase !== 'ended',
  run: async (ctx) => {
    const call = ctx.call;
    if (!call) return;
    const ok = await ctx.ui.confirm(
      `Hang up on ${formatNumber(call.from)}? The caller will be disconnected.`,
      'Hang up',
    );
    if (!ok) return;
    try {
      await ctx.client.call('call.hangUp', { callId: call.callId });
    } catch (err) {
      ctx.ui.notify(plainError(err), 'error');
    }
  },
};

export const CALL_ACTIONS = [
  takeOverAction,
  takeOverPickAction,
  listenAction,
  whisperAction,
  hangUpAction,
] as const;
