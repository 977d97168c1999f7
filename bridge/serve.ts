// The headless entry (`npm run serve`): the same core as the desktop app, with the console in a browser.
// stdout carries the structured log (one JSON line per event); the few lines meant for a person (where
// calls are answered, the console URL with its token) go to stderr, so `npm run serve | jq` stays clean.
import { createProvider } from './ai/create-provider';
import { realClock } from './base/clock';
import { configFromEnv, effectiveProvider, loadConfig, type Config } from './config/config';
import { createCore } from './core';
import { SautiError } from './base/errors';
import { createLog } from './base/log';
import { guardProcess } from './base/process-guard';
import { webhooksUnsigned } from './sautikit/signing-keys';
import { explainStartFailure } from './app/start-failure';

const say = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(configFromEnv());
  } catch (err) {
    say(err instanceof SautiError ? err.message : String(err));
    process.exit(2);
  }
  const log = createLog({ level: config.logLevel, logCallContent: config.logCallContent });
  // A fault nobody handled is logged and the live calls go on (process-guard.ts says why).
  guardProcess(process, { log: () => log, clock: realClock });
  const core = createCore(config, { createProvider, aiThread: config.aiThread, log });
  let started;
  try {
    started = await core.start();
  } catch (err) {
    say(`Sauti Console could not start: ${explainStartFailure(err, config)}`);
    await core.stop().catch(() => undefined);
    process.exit(1);
  }
  say(`\nSauti Console is answering calls at ${started.publicUrl}/voice`);
  if (effectiveProvider(config) === 'demo') {
    say(
      'No AI key is set: the built-in demo agent (a short script, not a real AI) answers calls. ' +
        'Try it on the Test call screen; add a Gemini or OpenAI key in Settings for a real agent.',
    );
  }
  if (webhooksUnsigned(core.reachability.signingKeys()))
    say(
      'WARNING: SAUTIKIT_WEBHOOK_SECRET is not set, so webhooks are not signed: anyone who finds the public URL ' +
        'can open calls (and AI sessions) here. Set it to your number’s voice signing secret.',
    );
  // A log that cannot be kept (a bad DATA_DIR, a read-only file) does not stop calls: say so here too.
  const callLog = core.store.status();
  if (!callLog.ok && callLog.error) say(`The call log is not being kept: ${callLog.error}`);
  if (started.consoleUrl) say(`Open the console in your browser: ${started.consoleUrl}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      say(`${signal} again: exiting now.`);
      process.exit(130);
    }
    stopping = true;
    say(`\n${signal}: stopping…`);
    core.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        say(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  say(
    err instanceof SautiError
      ? `${err.code}: ${err.message}`
      : String(err instanceof Error ? (err.stack ?? err) : err),
  );
  process.exit(1);
});
