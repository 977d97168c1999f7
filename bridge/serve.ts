// The headless entry (`npm run serve`): the same core as the desktop app, with the console in a browser.
import { createProvider } from './ai/create-provider';
import { configFromEnv, loadConfig } from './config';
import { createCore } from './core';
import { SautiError } from './errors';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(configFromEnv());
  } catch (err) {
    console.error(err instanceof SautiError ? err.message : String(err));
    process.exit(2);
  }
  const core = createCore(config, { createProvider });
  const started = await core.start();
  console.log(`\nSauti Console is answering calls at ${started.publicUrl}/voice`);
  if (started.consoleUrl) console.log(`Open the console in your browser: ${started.consoleUrl}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    core.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('stop failed', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof SautiError ? `${err.code}: ${err.message}` : err);
  process.exit(1);
});
