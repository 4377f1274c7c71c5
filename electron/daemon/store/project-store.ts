import type { Database } from './database';

export interface ProjectRow {
  id: string;
  name: string;
  path: string;
  addedAt: number;
}

export class ProjectStore {
  constructor(private readonly db: Database) {}

  list(): ProjectRow[] {
    return this.db
      .prepare('SELECT id, name, path, added_at AS addedAt FROM projects ORDER BY added_at, rowid')
      .all() as unknown as ProjectRow[];
  }

  insert(row: ProjectRow): void {
    this.db
      .prepare('INSERT INTO projects (id, name, path, added_at) VALUES (?, ?, ?, ?)')
      .run(row.id, row.name, row.path, row.addedAt);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
  }
}
