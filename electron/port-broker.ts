// The one IPC channel of the shell. A window asks for a console port; main checks who is asking (the
// main frame of one of our windows, showing the trusted app URL) and answers with a MessagePort whose
// other end is attached to the core's console API. Everything after that travels on the port, where
// api/rpc.ts validates every command. A refused sender gets nothing and is logged.
import {
  MessageChannelMain,
  type IpcMain,
  type IpcMainEvent,
  type MessagePortMain,
  type WebContents,
} from 'electron';
import type { Pipe, Log } from '../bridge/desktop';
import { CONNECT_CHANNEL, PORT_CHANNEL } from './ipc-channels';
import { messagePortPipe } from './message-port-pipe';
import { originOf } from './trusted-url';

export interface PortBrokerOptions {
  readonly ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  /** Whether a URL is the app's own (trusted-url.ts isTrustedAppUrl bound to the app origin). */
  readonly isTrustedUrl: (url: string) => boolean;
  /** Whether these web contents belong to a window this app created. */
  readonly isOwnWindow: (contents: WebContents) => boolean;
  /** Attaches a pipe to the core (core.attachConsole); returns the detach. */
  readonly attach: (pipe: Pipe) => () => void;
  readonly log: Log;
  readonly createChannel?: () => { port1: MessagePortMain; port2: MessagePortMain };
}

export type SenderVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Checks the sender of an IPC message: our window, its main frame, the trusted app URL. */
export function checkSender(
  event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>,
  options: Pick<PortBrokerOptions, 'isTrustedUrl' | 'isOwnWindow'>,
): SenderVerdict {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'the sending frame is gone' };
  if (!options.isOwnWindow(event.sender)) return { ok: false, reason: 'not one of our windows' };
  if (frame.parent !== null || frame !== event.sender.mainFrame)
    return { ok: false, reason: 'not the main frame' };
  if (!options.isTrustedUrl(frame.url)) return { ok: false, reason: 'untrusted page' };
  return { ok: true };
}

/** Registers the connect channel; returns a function that unregisters it and closes every open pipe. */
export function registerPortBroker(options: PortBrokerOptions): () => void {
  const { log } = options;
  const createChannel = options.createChannel ?? (() => new MessageChannelMain());
  const open = new Map<number, Pipe>();
  const watched = new Set<number>();

  const onConnect = (event: IpcMainEvent, ...args: unknown[]) => {
    const verdict = checkSender(event, options);
    if (!verdict.ok) {
      log.warn(
        {
          code: 'SHELL_IPC_SENDER_REFUSED',
          reason: verdict.reason,
          origin: originOf(event.senderFrame?.url ?? ''),
        },
        'console port refused',
      );
      return;
    }
    if (args.length > 0) {
      log.warn({ code: 'SHELL_IPC_BAD_PAYLOAD' }, 'console port request carried a payload: refused');
      return;
    }
    const contents = event.sender;
    // A reload asks again: the old port's console goes away first.
    open.get(contents.id)?.close();
    const { port1, port2 } = createChannel();
    const pipe = messagePortPipe(port1);
    open.set(contents.id, pipe);
    pipe.onClose(() => {
      if (open.get(contents.id) === pipe) open.delete(contents.id);
    });
    options.attach(pipe);
    if (!watched.has(contents.id)) {
      watched.add(contents.id);
      const id = contents.id;
      contents.once('destroyed', () => {
        watched.delete(id);
        open.get(id)?.close();
      });
    }
    contents.postMessage(PORT_CHANNEL, null, [port2]);
    log.info({ webContentsId: contents.id }, 'console port handed to the window');
  };

  options.ipcMain.on(CONNECT_CHANNEL, onConnect);
  return () => {
    options.ipcMain.removeListener(CONNECT_CHANNEL, onConnect);
    for (const pipe of [...open.values()]) pipe.close();
    open.clear();
  };
}
