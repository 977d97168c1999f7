// Times as people read them in one time zone (an IANA name such as Africa/Nairobi, daylight saving
// included), for exports: "2026-12-06 19:30:05" with "UTC+03:00" beside it for spreadsheets, ISO 8601
// with the offset for JSON.
import { SautiError } from '../base/errors';

/** The time zone of this machine (the core's): exports use it when the window does not say its own. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

export class LocalTime {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (err) {
      throw new SautiError(
        'STORE_BAD_EXPORT',
        `"${timeZone.slice(0, 64)}" is not a time zone this computer knows`,
        {
          cause: err,
        },
      );
    }
  }

  /** The wall-clock fields in this zone, and the zone's offset from UTC then (minutes). */
  private fields(ms: number): {
    y: number;
    mo: number;
    d: number;
    h: number;
    mi: number;
    s: number;
    offsetMin: number;
  } {
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const { year: y, month: mo, day: d, hour: h, minute: mi, second: s } = parts as Record<string, number>;
    const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
    const offsetMin = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
    return { y: y!, mo: mo!, d: d!, h: h!, mi: mi!, s: s!, offsetMin };
  }

  private static offset(offsetMin: number): string {
    return `${offsetMin < 0 ? '-' : '+'}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
  }

  /** "2026-12-06 19:30:05": what spreadsheets read as a date and time. */
  text(ms: number): string {
    const f = this.fields(ms);
    return `${f.y}-${pad(f.mo)}-${pad(f.d)} ${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}`;
  }

  /** "UTC+03:00": the offset of that moment (starts with a letter: never read as a formula). */
  offsetText(ms: number): string {
    return `UTC${LocalTime.offset(this.fields(ms).offsetMin)}`;
  }

  /** "2026-12-06T19:30:05+03:00". */
  iso(ms: number): string {
    const f = this.fields(ms);
    return `${f.y}-${pad(f.mo)}-${pad(f.d)}T${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}${LocalTime.offset(f.offsetMin)}`;
  }

  /** "2026-12-06". */
  day(ms: number): string {
    return this.text(ms).slice(0, 10);
  }
}
