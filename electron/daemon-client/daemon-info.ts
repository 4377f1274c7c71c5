import { readFileSync } from 'node:fs';
import type { HostFiles } from './daemon-paths';

/**
 * What the running host (the daemon, or `serve --no-daemon`) wrote about itself when it took the
 * data folder's lock (daemon.json): for messages and `daemon status`.
 */
export interface DaemonInfo {
  pid: number;
  version: string;
  startedAt: number;
}

export function readDaemonInfo(files: HostFiles): DaemonInfo | null {
  try {
    return JSON.parse(readFileSync(files.info, 'utf8')) as DaemonInfo;
  } catch {
    return null;
  }
}
