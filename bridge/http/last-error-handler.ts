// The public app's last error handler, after every router: an error that reaches it is answered with a
// bare status (never express's default page, which carries the stack outside production), a response
// already under way is cut, and the log gets a code and the path only (query strings carry tokens).
import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Log } from '../base/log';

export function lastErrorHandler(log: Log): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = (typeof err === 'object' && err !== null ? err : {}) as { status?: unknown; code?: unknown };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 500;
    const code = typeof e.code === 'string' ? e.code : 'HTTP_UNHANDLED_ERROR';
    if (status === 500) log.error({ code, path: req.path, err: String(err) }, 'public request failed');
    else log.warn({ code, path: req.path, status }, 'public request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res
      .status(status)
      .type('text/plain')
      .send(`${STATUS_CODES[status] ?? 'Error'}\n`);
  };
}
