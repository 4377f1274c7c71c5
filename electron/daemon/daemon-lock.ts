import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { makePrivateDir } from '../node/private-dir';
import { readDaemonInfo, type DaemonInfo } from '../daemon-client/daemon-info';
import { hostFiles } from '../daemon-client/daemon-paths';

/**
 * One host per data folder, whoever starts it (the daemon, `serve --no-daemon`): a second would
 * restore the same sessions again and write the same database. The lock is an exclusive SQLite
 * transaction on a file of its own: an OS lock, so a host killed with -9 or lost in a reboot
 * leaves nothing stale behind. The holder writes who it is (daemon.json) for the next one's refusal.
 */
export function acquireHostLock(
  dataDir: string,
  version: string,
): { ok: true; release(): void } | { ok: false; message: string } {
  makePrivateDir(dataDir);
  const files = hostFiles(dataDir);
  closeSync(openSync(files.lock, 'a', 0o600));
  const db = new DatabaseSync(files.lock);
  try {
    // No journal: the transaction never writes, it only holds the lock.
    db.exec('PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;');
  } catch {
    db.close();
    const holder = readDaemonInfo(files);
    const who = holder ? ` (pid ${holder.pid}, Flotilla ${holder.version})` : '';
    return {
      ok: false,
      message: `A Flotilla host (the daemon, or serve --no-daemon) is already running for ${dataDir}${who}.`,
    };
  }
  const info: DaemonInfo = { pid: process.pid, version, startedAt: Date.now() };
  writeFileSync(files.info, JSON.stringify(info), { mode: 0o600 });
  return {
    ok: true,
    release: () => {
      rmSync(files.info, { force: true });
      db.close();
    },
  };
}
