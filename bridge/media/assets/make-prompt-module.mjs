// Turns a 16 kHz mono 16-bit WAV prompt into a TS module holding its PCM as base64, so the prompt
// survives bundling (electron-vite) without any file lookup at run time.
// Usage: node bridge/media/assets/make-prompt-module.mjs bridge/media/assets/apology-en.wav APOLOGY_EN
import { readFileSync, writeFileSync } from 'node:fs';

const [file, name] = process.argv.slice(2);
if (!file || !name) throw new Error('usage: make-prompt-module.mjs <file.wav> <EXPORT_NAME>');
const wav = readFileSync(file);
if (wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE')
  throw new Error('not a WAV');
let offset = 12;
let rate = 0;
let pcm;
while (offset + 8 <= wav.length) {
  const id = wav.toString('ascii', offset, offset + 4);
  const size = wav.readUInt32LE(offset + 4);
  if (id === 'fmt ') {
    if (wav.readUInt16LE(offset + 10) !== 1 || wav.readUInt16LE(offset + 22) !== 16)
      throw new Error('need mono 16-bit');
    rate = wav.readUInt32LE(offset + 12);
  } else if (id === 'data') pcm = wav.subarray(offset + 8, offset + 8 + size);
  offset += 8 + size + (size % 2);
}
if (rate !== 16000 || !pcm) throw new Error(`need 16 kHz PCM data, got ${rate} Hz`);
const out = file.replace(/\.wav$/, '.ts');
writeFileSync(
  out,
  `// Generated from ${file.split('/').pop()} by make-prompt-module.mjs: 16 kHz mono 16-bit little-endian PCM.\n` +
    `export const ${name}_PCM16_BASE64 =\n  '${pcm.toString('base64')}';\n`,
);
console.log(`${out}: ${pcm.length / 32} ms`);
