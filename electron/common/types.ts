export interface Project {
  id: string;
  name: string;
  path: string;
  isGitRepo: boolean;
  addedAt: number;
}

/** starting → running → exited; busy/idle/needs-input arrive with the agent presets. */
export type SessionStatus = 'starting' | 'running' | 'exited';

export interface SessionInfo {
  id: string;
  projectId: string;
  title: string;
  /** argv as the person gave it; argv[0] is resolved on PATH when the session starts. */
  argv: string[];
  status: SessionStatus;
  pid: number | null;
  exitCode: number | null;
  signal: number | null;
  /** Why the session is not running when that is not a plain exit (command missing, host restarted). */
  error: string | null;
  startedAt: number;
}

export interface HostInfo {
  version: string;
  platform: string;
  defaultShell: string;
  dataDir: string;
}

/** What a tile needs to paint at once when it attaches: the mirror's screen and scrollback. */
export interface AttachSnapshot {
  sessionId: string;
  screen: string;
  cols: number;
  rows: number;
}
