import type { Database } from './database';

export interface SessionRow {
  id: string;
  projectId: string;
  title: string;
  argv: string[];
  presetId: string;
  createdAt: number;
  lastScreen?: string | null;
  agentSessionId?: string | null;
}

interface RawRow extends Omit<SessionRow, 'argv'> {
  argv: string;
}

export class SessionStore {
  constructor(private readonly db: Database) {}

  list(): SessionRow[] {
    const rows = this.db
      .prepare(
        'SELECT id, project_id AS projectId, title, argv, preset_id AS presetId, created_at AS createdAt, last_screen AS lastScreen, agent_session_id AS agentSessionId FROM sessions ORDER BY created_at, rowid',
      )
      .all() as unknown as RawRow[];
    return rows.map((r) => ({ ...r, argv: JSON.parse(r.argv) as string[] }));
  }

  insert(row: SessionRow): void {
    this.db
      .prepare('INSERT INTO sessions (id, project_id, title, argv, preset_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(row.id, row.projectId, row.title, JSON.stringify(row.argv), row.presetId, row.createdAt);
  }

  rename(id: string, title: string): void {
    this.db.prepare('UPDATE sessions SET title = ? WHERE id = ?').run(title, id);
  }

  saveScreen(id: string, screen: string): void {
    this.db.prepare('UPDATE sessions SET last_screen = ? WHERE id = ?').run(screen, id);
  }

  /** Written when the screen is: a kill -9 keeps it too. */
  saveAgentSession(id: string, agentSessionId: string): void {
    this.db.prepare('UPDATE sessions SET agent_session_id = ? WHERE id = ?').run(agentSessionId, id);
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  }
}
