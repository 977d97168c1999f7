// The shell's only IPC channels: the window asks for a console port, main answers with one.
// Shared by the preload (sandboxed, bundled) and the port broker.

/** Renderer → main: "give me a console port". Carries no payload. */
export const CONNECT_CHANNEL = 'sauti:connect';
/** Main → preload: the MessagePort, forwarded to the page as a `sauti:port` window message. */
export const PORT_CHANNEL = 'sauti:port';
/** The window message the renderer waits for (renderer/src/api/message-port-transport.ts PORT_MESSAGE). */
export const PORT_MESSAGE = 'sauti:port';
