// The actions on a live call: take over (here on the headset, to my phone, or to a colleague), hand a
// headset call back, listen in, whisper to the AI, hang up.
import { plainError } from '../../api/plain-error';
import { audioPassesHere, canTakeOver } from '../../shared/calls/call-status';
import { formatNumber } from '../../shared/format/format';
import type { Action } from '../../shared/actions/action';
import type { ActionContext } from '../../app/action-context';

/** Asks the core to ring an agent's phone for a call and tracks the progress until someone is connected. */
export async function takeOverTo(
  ctx: ActionContext,
  callId: string,
  agentId: string,
  targetName: string,
): Promise<void> {
  ctx.takeOver.dispatch({ type: 'requested', callId, targetName, via: 'phone' });
  try {
    const { accepted } = await ctx.client.call('call.takeOver', { callId, agentId, via: 'phone' });
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
  ctx.call !== null &&
  canTakeOver(ctx.call) &&
  !ctx.takeOver.isBusy(ctx.call.callId) &&
  !ctx.headset.holds(ctx.call.callId);

/** Puts this window's headset on the call at once: no phone rings, nothing is billed. */
export const takeOverHereAction: Action<ActionContext> = {
  id: 'call.takeOverHere',
  label: () => 'Take over here',
  shortcut: { key: 'h', hint: 'H' },
  enabled: (ctx) => takeable(ctx) && !ctx.headset.busy,
  run: async (ctx) => {
    const call = ctx.call;
    if (!call) return;
    ctx.takeOver.dispatch({ type: 'requested', callId: call.callId, targetName: 'you', via: 'headset' });
    // The window stops listening in: the headset plays the caller itself.
    if (ctx.listen.isListening(call.callId)) await ctx.listen.stop();
    const ok = await ctx.headset.take(call.callId, ctx.me?.id);
    const state = ctx.headset.get();
    ctx.takeOver.dispatch(
      ok
        ? { type: 'accepted', callId: call.callId }
        : {
            type: 'refused',
            callId: call.callId,
            message: state.message ?? 'The call could not be taken over now.',
          },
    );
  },
};

/** The person on this window's headset hands the caller back. */
export const releaseAction: Action<ActionContext> = {
  id: 'call.release',
  label: () => 'Hand back',
  shortcut: { key: 'b', hint: 'B' },
  enabled: (ctx) => ctx.call !== null && ctx.headset.holds(ctx.call.callId),
  run: async (ctx) => {
    if (!ctx.call) return;
    await ctx.headset.release();
    ctx.takeOver.dispatch({ type: 'dismiss', callId: ctx.call.callId });
  },
};

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
  // The caller's stream passes through this app in every phase but ringing (no stream yet).
  enabled: (ctx) =>
    ctx.call !== null &&
    !ctx.headset.holds(ctx.call.callId) &&
    (audioPassesHere(ctx.call) || ctx.listen.isListening(ctx.call.callId)),
  run: (ctx) => {
    if (ctx.call) return ctx.listen.toggle(ctx.call.callId);
  },
};

export const whisperAction: Action<ActionContext> = {
  id: 'call.whisper',
  label: () => 'Whisper to AI…',
  shortcut: { key: 'w', hint: 'W' },
  enabled: (ctx) => ctx.call !== null && ctx.call.phase === 'ai',
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
  takeOverHereAction,
  releaseAction,
  takeOverPickAction,
  listenAction,
  whisperAction,
  hangUpAction,
] as const;
