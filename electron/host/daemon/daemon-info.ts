import { readFileSync } from 'node:fs';
import type { DaemonPaths } from './daemon-paths';

/** What a running daemon wrote about itself (daemon.json): for messages and `daemon status`. */
export interface DaemonInfo {
  pid: number;
  version: string;
  socket: string;
  startedAt: number;
}

export function readDaemonInfo(paths: DaemonPaths): DaemonInfo | null {
  try {
    return JSON.parse(readFileSync(paths.info, 'utf8')) as DaemonInfo;
  } catch {
    return null;
  }
}
