import type { AgentPreset } from '../../common/agents';
import type { Database } from './database';

/** Presets a person saved: their own, and their edits of built-in ones. */
export class PresetStore {
  constructor(private readonly db: Database) {}

  list(): unknown[] {
    return (this.db.prepare('SELECT json FROM presets ORDER BY rowid').all() as { json: string }[]).map((r) =>
      JSON.parse(r.json),
    );
  }

  save(preset: AgentPreset): void {
    this.db
      .prepare('INSERT INTO presets (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json')
      .run(preset.id, JSON.stringify(preset));
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM presets WHERE id = ?').run(id);
  }
}
