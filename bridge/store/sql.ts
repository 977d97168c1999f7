// The only way SQL text is made: a template tag whose literal parts are the SQL and whose
// interpolations are always bound as parameters (never spliced as text), after Signal-Desktop's
// `sql` / `sqlFragment` / `sqlJoin`. Fragments made by the same tag may be nested.

export type SqlValue = string | number | bigint | Buffer | null;

const FRAGMENT = Symbol('sql.fragment');

export interface Query {
  readonly [FRAGMENT]: true;
  /** SQL with `?` placeholders; only ever built from template literals in this codebase. */
  readonly text: string;
  readonly params: readonly SqlValue[];
}

type Interpolation = SqlValue | boolean | Query;

function isQuery(value: unknown): value is Query {
  return typeof value === 'object' && value !== null && (value as Partial<Query>)[FRAGMENT] === true;
}

function bindable(value: SqlValue | boolean, index: number): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`sql: interpolation ${index} is not a finite number`);
  }
  if (value === undefined) throw new TypeError(`sql: interpolation ${index} is undefined (use null)`);
  return value;
}

/**
 * The text of a query without nested fragments, once per call site (a template's strings are the same
 * object every time): the writer runs the same few statements for every event, and the statement
 * cache then looks up one string instead of building and hashing a new one each time.
 */
const plainText = new WeakMap<TemplateStringsArray, string>();

/** sql`SELECT … WHERE id = ${id}`: every `${…}` becomes a `?` bound to its value, or a nested fragment. */
export function sql(strings: TemplateStringsArray, ...values: readonly Interpolation[]): Query {
  if (!values.some(isQuery)) {
    let text = plainText.get(strings);
    if (text === undefined) plainText.set(strings, (text = strings.join('?')));
    const params = (values as readonly (SqlValue | boolean)[]).map((v, i) => bindable(v, i));
    return { [FRAGMENT]: true, text, params };
  }
  let text = strings[0]!;
  const params: SqlValue[] = [];
  values.forEach((value, i) => {
    if (isQuery(value)) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(bindable(value, i));
    }
    text += strings[i + 1]!;
  });
  return { [FRAGMENT]: true, text, params };
}

/** Joins fragments with a separator fragment (e.g. sql` AND `); an empty list gives an empty fragment. */
export function sqlJoin(parts: readonly Query[], separator: Query): Query {
  let text = '';
  const params: SqlValue[] = [];
  parts.forEach((part, i) => {
    if (i > 0) {
      text += separator.text;
      params.push(...separator.params);
    }
    text += part.text;
    params.push(...part.params);
  });
  return { [FRAGMENT]: true, text, params };
}

/** Escapes LIKE wildcards in a value that is then bound (use with `ESCAPE '\'`). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
