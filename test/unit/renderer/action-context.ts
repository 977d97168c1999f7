// An ActionContext for action tests: a fake console, real stores, and UI affordances that record.
import type { ActionContext } from '../../../renderer/src/app/action-context';
import type { Agent, LiveCall } from '../../../renderer/src/api/contract';
import type { Route } from '../../../renderer/src/app/route';
import { ListenIn, type ListenAudioContext } from '../../../renderer/src/features/live/listen-in';
import type { PhoneAudio } from '../../../renderer/src/shared/audio/phone-audio';
import { Headset } from '../../../renderer/src/features/live/headset';
import { TakeOverStore } from '../../../renderer/src/features/live/take-over';
import { FakeConsole } from './fake-console';

export interface TestContext extends ActionContext {
  readonly fake: FakeConsole;
  readonly routes: Route[];
  readonly opened: string[];
  readonly notes: string[];
  confirmAnswer: boolean;
}

export const me: Agent = { id: 'ag1', name: 'Wanjiru', number: '+254711000001', presence: 'available' };

export function silentAudio(): ListenAudioContext {
  return {
    currentTime: 0,
    destination: {},
    createBuffer: (_c, length) => ({ getChannelData: () => new Float32Array(length) }),
    createBufferSource: () => ({ buffer: null, connect: () => undefined, start: () => undefined }),
    close: () => Promise.resolve(),
    resume: () => Promise.resolve(),
  };
}

/** A microphone and speakers that do nothing (the headset's browser half). */
export function silentPhoneAudio(): Promise<PhoneAudio> {
  return Promise.resolve({ play: () => undefined, flush: () => undefined, stop: () => undefined });
}

export function testContext(
  over: {
    call?: LiveCall | null;
    me?: Agent | null;
    route?: Route;
    board?: LiveCall[];
    teammate?: boolean;
  } = {},
): TestContext {
  const fake = new FakeConsole();
  const routes: Route[] = [];
  const opened: string[] = [];
  const notes: string[] = [];
  const ctx: TestContext = {
    fake,
    routes,
    opened,
    notes,
    confirmAnswer: true,
    client: fake,
    route: over.route ?? { screen: 'live' },
    navigate: (r) => routes.push(r),
    call: over.call ?? null,
    board: over.board ?? [],
    me: over.me === undefined ? me : over.me,
    teammate: over.teammate ?? false,
    takeOver: new TakeOverStore(),
    listen: new ListenIn(fake, silentAudio),
    headset: new Headset({ client: fake, startAudio: silentPhoneAudio }),
    ui: {
      openWhisper: (id) => opened.push(`whisper:${id}`),
      pickAgent: (id) => opened.push(`pick:${id}`),
      confirm: (message) => {
        opened.push(`confirm:${message}`);
        return Promise.resolve(ctx.confirmAnswer);
      },
      notify: (message, tone) => notes.push(`${tone}:${message}`),
      focusSearch: () => opened.push('search'),
      toggleHelp: () => opened.push('help'),
    },
  };
  return ctx;
}
