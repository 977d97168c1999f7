// Prepared statements only: every query built by the `sql` tag is prepared once per connection
// (cached by its text) and run with its bound parameters.
import type Database from 'better-sqlite3';
import type { Query } from './sql';

type Statement = Database.Statement<unknown[], unknown>;

export class Statements {
  private readonly cache = new Map<string, Statement>();

  constructor(
    readonly db: Database.Database,
    private readonly maxCached = 256,
  ) {}

  private prepare(query: Query): Statement {
    let statement = this.cache.get(query.text);
    if (statement) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.cache.delete(query.text);
    } else {
      statement = this.db.prepare(query.text);
      if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(query.text, statement);
    return statement;
  }

  run(query: Query): Database.RunResult {
    return this.prepare(query).run(...query.params);
  }

  get<T>(query: Query): T | undefined {
    return this.prepare(query).get(...query.params) as T | undefined;
  }

  all<T>(query: Query): T[] {
    return this.prepare(query).all(...query.params) as T[];
  }

  /** Rows one at a time, for reads too large to hold at once. */
  iterate<T>(query: Query): IterableIterator<T> {
    return this.prepare(query).iterate(...query.params) as IterableIterator<T>;
  }

  /** Runs `fn` in one synchronous transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
