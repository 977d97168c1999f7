// 16-bit PCM in the window: converting between Web Audio's floats and the carrier's int16 samples.

export function int16ToFloat32<T extends Float32Array>(samples: Int16Array, out: T): T {
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

export function floatToInt16Sample(v: number): number {
  const clamped = v > 1 ? 1 : v < -1 ? -1 : v;
  return clamped < 0 ? Math.round(clamped * 32768) : Math.round(clamped * 32767);
}

/** Level of a block in dBFS (−100 for silence), the same scale the core reports. */
export function levelDbfs(samples: Int16Array): number {
  if (samples.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / samples.length) / 32768;
  return rms <= 0.00001 ? -100 : Math.max(-100, 20 * Math.log10(rms));
}
