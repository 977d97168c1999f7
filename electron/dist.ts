// `npm run dist`: builds the app, then packages installers with electron-builder for this OS. It
// checks the Node version first, keeps the Node build of the SQLite addon as it was (electron-builder
// rebuilds native modules in place for Electron, which would leave `npm test` and `npm run serve` with
// an addon Node cannot load), and explains a failure in plain words instead of a stack trace.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainDistFailure, nodeTooOldForDist } from './dist-failure';
import { keepFileAsItIs } from './kept-file';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const say = (line: string) => console.error(`[sauti] ${line}`);

/** The SQLite addon as built for Node (what `npm test` and `npm run serve` load). */
function nodeAddonPath(): string {
  const dir = path.dirname(require.resolve('better-sqlite3/package.json'));
  return path.join(dir, 'build', 'Release', 'better_sqlite3.node');
}

async function main(): Promise<number> {
  const tooOld = nodeTooOldForDist(process.versions.node);
  if (tooOld) {
    say(tooOld);
    return 1;
  }
  const viteCli = path.join(
    path.dirname(require.resolve('electron-vite/package.json')),
    'bin',
    'electron-vite.js',
  );
  const built = spawnSync(process.execPath, [viteCli, 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) {
    say('The app build (electron-vite build) failed: see above.');
    return built.status ?? 1;
  }
  const electronVersion = (require('electron/package.json') as { version: string }).version;
  const restore = keepFileAsItIs(nodeAddonPath());
  try {
    const { build } = await import('electron-builder');
    const files = await build({ config: path.join(root, 'electron-builder.yml'), publish: 'never' });
    say(`Installers written: ${files.map((f) => path.relative(root, f)).join(', ')}`);
    return 0;
  } catch (err) {
    say(explainDistFailure(err, electronVersion));
    return 1;
  } finally {
    if (restore()) say('Put back the SQLite addon built for Node (packaging had rebuilt it for Electron).');
  }
}

process.exitCode = await main();
