// Settings refused in plain words, every bad one at once: the schema's issues (zod) become one sentence
// per setting, with the unit its name carries ("must be at most 1800 seconds (30 minutes)"). The
// environment check at start and the window's settings.set both speak through this.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** The unit a setting's name ends in, as a person reads it. */
function unitOf(key: string): { unit: string; minutes: (n: number) => string } {
  const none = { unit: '', minutes: () => '' };
  if (/Ms$/.test(key)) return { unit: ' ms', minutes: () => '' };
  if (/S$/.test(key))
    return {
      unit: ' seconds',
      minutes: (n) => (n >= 120 && n % 60 === 0 ? ` (${n / 60} minutes)` : ''),
    };
  if (/KesCents$/.test(key)) return { unit: ' KES cents', minutes: () => '' };
  return none;
}

/** zod's own wording ("Too big: expected number to be <=1800") is for developers; ours is kept. */
const ZOD_WORDING = /^(Invalid|Too (small|big)|Expected)/;

/** One issue of one setting in plain words. */
export function plainIssue(key: string, issue: Issue): string {
  if (!ZOD_WORDING.test(issue.message)) return issue.message;
  const { unit, minutes } = unitOf(key);
  switch (issue.code) {
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? 'must not be empty' : `must be at least ${n} characters`;
      if (issue.origin === 'array') return `must have at least ${n} entries`;
      return `must be at least ${n}${unit}${minutes(n)}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${n} characters`;
      if (issue.origin === 'array') return `must have at most ${n} entries`;
      return `must be at most ${n}${unit}${minutes(n)}`;
    }
    case 'invalid_type':
      if (issue.expected === 'int') return 'must be a whole number';
      if (issue.expected === 'number') return 'must be a number';
      if (issue.expected === 'boolean') return 'must be on or off';
      return 'must be text';
    case 'invalid_value':
      return `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url'
        ? 'must be a web address, such as https://example.co.ke/…'
        : 'is not in the expected form';
    case 'invalid_union':
      return 'is not a value this setting takes';
    default:
      return issue.message;
  }
}

/** Every refused setting with its problem(s) in plain words, keyed by the setting's name. */
export function problemsByKey(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'settings');
    const text = plainIssue(key, issue);
    out[key] = out[key] && !out[key].includes(text) ? `${out[key]}; ${text}` : (out[key] ?? text);
  }
  return out;
}
