import { chmodSync, renameSync, statSync } from 'node:fs';

/** How big daemon.log may grow before a starting daemon sets it aside. */
export const LOG_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * Before a log is opened for appending: over `limitBytes`, it becomes `<path>.1` (replacing the
 * one before, private like the log), so the next open starts a new one and one old log is kept.
 */
export function rotateLog(path: string, limitBytes = LOG_LIMIT_BYTES): void {
  const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (size <= limitBytes) return;
  const old = `${path}.1`;
  renameSync(path, old);
  chmodSync(old, 0o600);
}
