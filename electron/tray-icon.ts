// The tray icon, drawn in code (no image files to ship or lose): a teal disc, and when callers are
// waiting in the queue a red badge with their count (1–9, then "9+"). Raw BGRA pixels for
// nativeImage.createFromBitmap.

export const TRAY_ICON_PX = 32;

type Rgba = readonly [number, number, number, number];
const TEAL: Rgba = [15, 118, 110, 255];
const RED: Rgba = [220, 38, 38, 255];
const WHITE: Rgba = [255, 255, 255, 255];

// 3×5 pixel digits, rows top to bottom, bits left to right.
const DIGITS: Record<string, readonly number[]> = {
  '0': [0b111, 0b101, 0b101, 0b101, 0b111],
  '1': [0b010, 0b110, 0b010, 0b010, 0b111],
  '2': [0b111, 0b001, 0b111, 0b100, 0b111],
  '3': [0b111, 0b001, 0b111, 0b001, 0b111],
  '4': [0b101, 0b101, 0b111, 0b001, 0b001],
  '5': [0b111, 0b100, 0b111, 0b001, 0b111],
  '6': [0b111, 0b100, 0b111, 0b101, 0b111],
  '7': [0b111, 0b001, 0b010, 0b010, 0b010],
  '8': [0b111, 0b101, 0b111, 0b101, 0b111],
  '9': [0b111, 0b101, 0b111, 0b001, 0b111],
  '+': [0b000, 0b010, 0b111, 0b010, 0b000],
};

/** The text in the badge: nothing for an empty queue, the count up to 9, then "9+". */
export function badgeText(waiting: number): string {
  if (!Number.isFinite(waiting) || waiting <= 0) return '';
  return waiting > 9 ? '9+' : String(Math.floor(waiting));
}

/** BGRA pixels of the tray icon for this many waiting callers. */
export function trayIconBitmap(waiting: number, sizePx = TRAY_ICON_PX): Buffer {
  const px = Buffer.alloc(sizePx * sizePx * 4);
  const set = (x: number, y: number, [r, g, b, a]: Rgba) => {
    if (x < 0 || y < 0 || x >= sizePx || y >= sizePx) return;
    const i = (y * sizePx + x) * 4;
    px[i] = b;
    px[i + 1] = g;
    px[i + 2] = r;
    px[i + 3] = a;
  };
  const disc = (cx: number, cy: number, radius: number, colour: Rgba) => {
    for (let y = Math.floor(cy - radius); y <= Math.ceil(cy + radius); y++) {
      for (let x = Math.floor(cx - radius); x <= Math.ceil(cx + radius); x++) {
        if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= radius ** 2) set(x, y, colour);
      }
    }
  };
  const half = sizePx / 2;
  disc(half, half, half - 1, TEAL);
  // Three white bars: a voice.
  const bar = Math.max(1, Math.round(sizePx / 16));
  for (const [dx, h] of [
    [-4, 6],
    [0, 12],
    [4, 8],
  ] as const) {
    const x0 = Math.round(half + (dx * sizePx) / 32 - bar / 2);
    const hh = Math.round((h * sizePx) / 32);
    for (let y = Math.round(half - hh / 2); y < Math.round(half + hh / 2); y++) {
      for (let x = x0; x < x0 + bar; x++) set(x, y, WHITE);
    }
  }
  const text = badgeText(waiting);
  if (text) {
    const scale = Math.max(1, Math.floor(sizePx / 16));
    const glyphW = 3 * scale;
    const textW = text.length * glyphW + (text.length - 1) * scale;
    const radius = Math.max(textW, 5 * scale) / 2 + 2 * scale;
    const cx = sizePx - radius;
    const cy = sizePx - radius;
    disc(cx, cy, radius, RED);
    let left = Math.round(cx - textW / 2);
    const top = Math.round(cy - (5 * scale) / 2);
    for (const ch of text) {
      const rows = DIGITS[ch] ?? [];
      rows.forEach((bits, row) => {
        for (let col = 0; col < 3; col++) {
          if (!(bits & (0b100 >> col))) continue;
          for (let sy = 0; sy < scale; sy++)
            for (let sx = 0; sx < scale; sx++) set(left + col * scale + sx, top + row * scale + sy, WHITE);
        }
      });
      left += glyphW + scale;
    }
  }
  return px;
}
