import { DatabaseSync } from 'node:sqlite';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { makePrivateDir } from '../util/private-dir';
import { dirname } from 'node:path';

/**
 * Schema versions, applied in order and never edited once shipped: add a new entry instead.
 * user_version records how far a file has come.
 */
const migrations: readonly string[] = [
  `CREATE TABLE projects (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     path TEXT NOT NULL UNIQUE,
     added_at INTEGER NOT NULL
   );
   CREATE TABLE sessions (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
     title TEXT NOT NULL,
     argv TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );`,
  `ALTER TABLE sessions ADD COLUMN preset_id TEXT NOT NULL DEFAULT 'shell';
   CREATE TABLE presets (id TEXT PRIMARY KEY, json TEXT NOT NULL);
   CREATE TABLE queue_items (
     id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
     position INTEGER NOT NULL,
     text TEXT NOT NULL,
     state TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     sent_at INTEGER,
     error TEXT
   );
   CREATE INDEX queue_items_by_session ON queue_items(session_id, position);
   CREATE TABLE queue_state (
     session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
     paused INTEGER NOT NULL,
     reason TEXT
   );
   -- Kept when a session is closed: the commit timeline shows which prompt led where.
   CREATE TABLE prompt_history (
     id TEXT PRIMARY KEY,
     session_id TEXT NOT NULL,
     session_title TEXT NOT NULL,
     project_id TEXT NOT NULL,
     text TEXT NOT NULL,
     sent_at INTEGER NOT NULL
   );
   CREATE INDEX prompt_history_by_project ON prompt_history(project_id, sent_at);`,
  `CREATE TABLE settings (key TEXT PRIMARY KEY, json TEXT NOT NULL);
   -- The screen a session showed when Flotilla last quit, repainted above its restart.
   ALTER TABLE sessions ADD COLUMN last_screen TEXT;`,
  `-- The agent's own conversation id, as its hooks reported it: what a restart resumes.
   ALTER TABLE sessions ADD COLUMN agent_session_id TEXT;`,
  `-- A check of a commit (the verification lane), with the end of its output.
   CREATE TABLE check_runs (
     id TEXT PRIMARY KEY,
     project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
     commit_hash TEXT NOT NULL,
     subject TEXT NOT NULL,
     command TEXT NOT NULL,
     state TEXT NOT NULL,
     exit_code INTEGER,
     reason TEXT,
     created_at INTEGER NOT NULL,
     started_at INTEGER,
     ended_at INTEGER,
     failing_lines TEXT NOT NULL DEFAULT '[]',
     fix_queued INTEGER NOT NULL DEFAULT 0,
     log TEXT NOT NULL DEFAULT ''
   );
   CREATE INDEX check_runs_by_project ON check_runs(project_id, created_at);`,
];

export type Database = DatabaseSync;

/**
 * The database file is created 0600 before SQLite opens it (its -wal and -shm files take the
 * main file's mode); files from before are tightened.
 */
function makePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

export function openDatabase(file: string): Database {
  if (file !== ':memory:') {
    makePrivateDir(dirname(file));
    makePrivateFile(file);
  }
  const db = new DatabaseSync(file);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  migrate(db);
  return db;
}

function migrate(db: Database): void {
  const { user_version: from } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (from > migrations.length) {
    throw new Error(`The data file was written by a newer Flotilla (schema ${from}, this build knows ${migrations.length}).`);
  }
  for (let v = from; v < migrations.length; v++) {
    db.exec('BEGIN');
    try {
      db.exec(migrations[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}
