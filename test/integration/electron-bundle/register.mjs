// `node --import ./register.mjs out/main/main.js`: the built main bundle with a stand-in for 'electron'.
import { register } from 'node:module';

register(new URL('./resolve-electron.mjs', import.meta.url));
