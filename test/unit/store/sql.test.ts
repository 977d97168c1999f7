import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { escapeLike, sql, sqlJoin } from '../../../bridge/store/sql';
import { Statements } from '../../../bridge/store/statements';

describe('sql tag', () => {
  it('binds every interpolation as a parameter, never as text', () => {
    const name = "Robert'); DROP TABLE calls; --";
    const q = sql`SELECT * FROM calls WHERE from_number = ${name} AND started_at > ${5}`;
    expect(q.text).toBe('SELECT * FROM calls WHERE from_number = ? AND started_at > ?');
    expect(q.params).toEqual([name, 5]);
  });

  it('splices nested fragments with their parameters in order', () => {
    const where = sqlJoin([sql`a = ${1}`, sql`b = ${'x'}`, sql`c IS NULL`], sql` AND `);
    const q = sql`SELECT ${sql`count(*)`} FROM t WHERE ${where} LIMIT ${10}`;
    expect(q.text).toBe('SELECT count(*) FROM t WHERE a = ? AND b = ? AND c IS NULL LIMIT ?');
    expect(q.params).toEqual([1, 'x', 10]);
    expect(sqlJoin([], sql` AND `).text).toBe('');
  });

  it("gives one call site the same text every time, with each call's own parameters", () => {
    const byCaller = (n: string, q: string | null) =>
      q === null ? sql`SELECT * FROM calls WHERE from_number = ${n}` : sql`SELECT ${sql`1`} WHERE x = ${q}`;
    const a = byCaller('+254700000001', null);
    const b = byCaller('+254700000002', null);
    expect(a.text).toBe('SELECT * FROM calls WHERE from_number = ?');
    expect(b.text).toBe(a.text);
    expect([a.params, b.params]).toEqual([['+254700000001'], ['+254700000002']]);
    // A call site with a nested fragment still builds its text around that fragment.
    expect(byCaller('', 'y')).toMatchObject({ text: 'SELECT 1 WHERE x = ?', params: ['y'] });
  });

  it('turns booleans into 0/1 and refuses undefined and non-finite numbers', () => {
    expect(sql`x = ${true} AND y = ${false}`.params).toEqual([1, 0]);
    expect(() => sql`x = ${undefined as unknown as string}`).toThrow(/undefined/);
    expect(() => sql`x = ${Number.NaN}`).toThrow(/finite/);
    expect(() => sql`x = ${Infinity}`).toThrow(/finite/);
  });

  it('keeps hostile text as data when run against SQLite', () => {
    const db = new Database(':memory:');
    const st = new Statements(db);
    st.run(sql`CREATE TABLE t (v TEXT)`);
    const hostile = "x'); DROP TABLE t; --";
    st.run(sql`INSERT INTO t (v) VALUES (${hostile})`);
    expect(st.all(sql`SELECT v FROM t`)).toEqual([{ v: hostile }]);
    // LIKE wildcards typed by a person match only themselves once escaped.
    st.run(sql`INSERT INTO t (v) VALUES (${'100% sure'}), (${'100 sure'})`);
    const like = `%${escapeLike('0%')}%`;
    expect(st.all(sql`SELECT v FROM t WHERE v LIKE ${like} ESCAPE '\\'`)).toEqual([{ v: '100% sure' }]);
    db.close();
  });

  it('prepares each distinct statement once per connection', () => {
    const db = new Database(':memory:');
    let prepared = 0;
    const realPrepare = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      prepared++;
      return realPrepare(source);
    }) as typeof db.prepare;
    const st = new Statements(db, 2);
    for (let i = 0; i < 5; i++) st.get(sql`SELECT ${i} AS n`);
    expect(prepared).toBe(1);
    st.get(sql`SELECT 1 AS a`);
    st.get(sql`SELECT 1 AS b`);
    st.get(sql`SELECT ${1} AS n`); // evicted by the two above (cache of 2)
    expect(prepared).toBe(4);
    db.close();
  });
});
