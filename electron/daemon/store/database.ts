import { DatabaseSync } from 'node:sqlite';
import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync } from 'node:fs';
import { makePrivateDir } from '../../node/private-dir';
import { dirname } from 'node:path';

/**
 * Schema versions, applied in order and never edited once shipped: add a new entry instead.
 * user_version records how far a file has come.
 */
export const migrations: readonly string[] = [
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
  `-- The sent prompt whose turn has not ended yet: one the host's end cut short.
   ALTER TABLE queue_state ADD COLUMN turn_item TEXT;`,
];

export type Database = DatabaseSync;

/** The file was damaged (SQLite said so on open, or its quick check found faults), and is now kept as `keptAs`. */
export class CorruptDatabaseError extends Error {
  constructor(
    message: string,
    readonly keptAs: string,
  ) {
    super(message);
  }
}

const SQLITE_CORRUPT = 11;
const SQLITE_NOTADB = 26;

/**
 * The database file is created 0600 before SQLite opens it (its -wal and -shm files take the
 * main file's mode); files from before are tightened.
 */
function makePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/**
 * Opens the data file, checked and migrated. A damaged file is set aside and CorruptDatabaseError
 * says where; any other error (a newer schema, a full disk) leaves the file as it was.
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:') {
    makePrivateDir(dirname(file));
    makePrivateFile(file);
  }
  const db = new DatabaseSync(file);
  try {
    db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    checkIntact(db);
    migrate(db, file);
    return db;
  } catch (e) {
    const keptAs = isDamage(e) && file !== ':memory:' ? setAside(file) : undefined;
    db.close();
    throw keptAs ? new CorruptDatabaseError((e as Error).message, keptAs) : e;
  }
}

class Faults extends Error {}

/** Reads every page once (~0.5 ms per MB from the page cache; see the benchmark). */
function checkIntact(db: Database): void {
  const faults = (db.prepare('PRAGMA quick_check(5)').all() as Array<{ quick_check: string }>).map(
    (r) => r.quick_check,
  );
  if (faults.join() !== 'ok') throw new Faults(faults.join('; '));
}

function isDamage(e: unknown): boolean {
  // Extended codes (SQLITE_CORRUPT_INDEX, …) keep the primary one in their low byte.
  const code = ((e as { errcode?: number }).errcode ?? -1) & 0xff;
  return e instanceof Faults || code === SQLITE_CORRUPT || code === SQLITE_NOTADB;
}

/**
 * Renames the file and its -wal and -shm to `<file>.corrupt-<UTC time>`, nothing deleted: what
 * can be read from them still can. Done while SQLite has them open, since closing the last
 * connection deletes the WAL, which then is no longer under that name.
 */
function setAside(file: string): string {
  const keptAs = `${file}.corrupt-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, keptAs + suffix);
  return keptAs;
}

/**
 * Runs `write` in one transaction whose commit is on disk before this returns: for what a person
 * is told is saved. In WAL mode NORMAL syncs only at checkpoints, so a power cut can take the
 * last commits; FULL syncs the WAL at each commit (a few ms). The level is per connection and
 * cannot change inside a transaction, so it is raised around this one only: screens, the layout
 * and check logs stay at NORMAL.
 */
export function commitDurably(db: Database, write: () => void): void {
  db.exec('PRAGMA synchronous = FULL');
  try {
    inTransaction(db, write);
  } finally {
    db.exec('PRAGMA synchronous = NORMAL');
  }
}

/** `write` in one transaction: committed, or rolled back when it throws. */
export function inTransaction(db: Database, write: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    write();
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

function migrate(db: Database, file: string): void {
  const { user_version: from } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (from > migrations.length) {
    throw new Error(
      `The data file was written by a newer Flotilla (schema ${from}, this build knows ${migrations.length}).`,
    );
  }
  if (from > 0 && from < migrations.length && file !== ':memory:')
    keepCopy(db, `${file}.before-schema-${migrations.length}`);
  for (let v = from; v < migrations.length; v++) {
    inTransaction(db, () => {
      db.exec(migrations[v]);
      db.exec(`PRAGMA user_version = ${v + 1}`);
    });
  }
}

/**
 * A consistent copy of the file as it is, 0600, before a migration changes it. One made by an
 * earlier attempt at the same migration is kept: it is the older. Without a copy, no migration.
 */
function keepCopy(db: Database, copy: string): void {
  let fd: number;
  try {
    fd = openSync(copy, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw e;
  }
  closeSync(fd);
  try {
    db.prepare('VACUUM INTO ?').run(copy);
  } catch (e) {
    rmSync(copy, { force: true });
    throw new Error(
      `Could not keep a copy of the data file before upgrading it (${(e as Error).message}); it was left as it was.`,
      { cause: e },
    );
  }
}
