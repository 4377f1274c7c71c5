import { closeSync, openSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { readDaemonInfo } from './daemon-info';
import type { DaemonPaths } from './daemon-paths';

/**
 * One daemon per data folder. The lock is an exclusive SQLite transaction on a file of its own:
 * an OS lock, so a daemon killed with -9 or lost in a reboot leaves nothing stale behind.
 */
export function acquireDaemonLock(paths: DaemonPaths): { ok: true; release(): void } | { ok: false; message: string } {
  closeSync(openSync(paths.lock, 'a', 0o600));
  const db = new DatabaseSync(paths.lock);
  try {
    // No journal: the transaction never writes, it only holds the lock.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
  } catch {
    db.close();
    const holder = readDaemonInfo(paths);
    const who = holder ? ` (pid ${holder.pid}, Flotilla ${holder.version})` : '';
    return { ok: false, message: `A Flotilla daemon is already running for ${paths.dataDir}${who}.` };
  }
  return { ok: true, release: () => db.close() };
}
