import type { Database } from './database';

/** Small JSON documents by key: the layout, keyboard overrides. */
export class SettingsStore {
  constructor(private readonly db: Database) {}

  get(key: string): unknown {
    const row = this.db.prepare('SELECT json FROM settings WHERE key = ?').get(key) as { json: string } | undefined;
    return row ? JSON.parse(row.json) : undefined;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json')
      .run(key, JSON.stringify(value));
  }

  /** A count a person may set: undefined when unset or not a whole number above 0. */
  positiveInteger(key: string): number | undefined {
    const value = this.get(key);
    return Number.isInteger(value) && (value as number) > 0 ? (value as number) : undefined;
  }
}
