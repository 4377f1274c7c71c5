export interface Project {
  id: string;
  name: string;
  path: string;
  isGitRepo: boolean;
  addedAt: number;
}

/** What an agent is doing, read off its screen and title (and hooks where it has them). */
export type AgentStatus = 'busy' | 'idle' | 'needs-input';

/** starting → running (state not yet known) → busy / idle / needs-input … → exited. */
export type SessionStatus = 'starting' | 'running' | AgentStatus | 'exited';

export interface SessionInfo {
  id: string;
  projectId: string;
  title: string;
  /** argv as the person gave it; argv[0] is resolved on PATH when the session starts. */
  argv: string[];
  /** What actually ran: the program found on PATH and every argument (hook settings included). */
  launched: string[] | null;
  presetId: string;
  status: SessionStatus;
  /** Where busy/idle/needs-input came from: the agent's own hooks, or reading its screen. */
  statusSource: 'hooks' | 'screen' | null;
  /** When it needs input, what it asks (its hook's message, or the dialog line on screen). */
  statusDetail: string | null;
  pid: number | null;
  exitCode: number | null;
  signal: number | null;
  /** Why the session is not running when that is not a plain exit (command missing, host restarted). */
  error: string | null;
  startedAt: number;
}

export interface HostInfo {
  version: string;
  /** This run of the host (random at each start): how a link tells it reached its own daemon. */
  instance: string;
  platform: string;
  defaultShell: string;
  dataDir: string;
  /** What went wrong at start that every window should say until dismissed (a damaged database set aside). */
  warnings: string[];
}

/**
 * Another machine's Flotilla daemon as this one reaches it over ssh. 'connecting' the first time,
 * 'connected', 'reconnecting' after the link dropped (with ssh's reason, retried with backoff),
 * 'failed' when retrying alone will not help (a version mismatch, a refused host key): retried
 * too, less often, and at once by `hosts.reconnect`.
 */
export interface HostState {
  name: string;
  destination: string;
  state: 'connecting' | 'connected' | 'reconnecting' | 'failed';
  /** Why it is not connected, in ssh's words where ssh said why. */
  reason: string | null;
  /** The Flotilla version there, once a handshake succeeded. */
  version: string | null;
  /** When the next attempt starts (ms since the epoch), while waiting for one. */
  retryAt: number | null;
}

/** What a tile needs to paint at once when it attaches: the mirror's screen and scrollback. */
export interface AttachSnapshot {
  sessionId: string;
  screen: string;
  cols: number;
  rows: number;
}

/** queued → sending → sent; failed when it could not be sent or the agent never reacted. */
export type QueueItemState = 'queued' | 'sending' | 'sent' | 'failed';

export interface QueueItem {
  id: string;
  sessionId: string;
  text: string;
  state: QueueItemState;
  createdAt: number;
  sentAt: number | null;
  error: string | null;
}

export interface SessionQueueState {
  sessionId: string;
  paused: boolean;
  /** Why the queue paused itself (agent exited, no reaction, host restarted); null when the person paused it. */
  pauseReason: string | null;
  /** The agent hit a usage limit: the queue holds until it lifts, then sends the preset's continue prompt. */
  limit: { line: string; until: number } | null;
  /** In order: queued items first in send order, then the record of sent and failed ones, newest first. */
  items: QueueItem[];
}

export interface PromptRecord {
  id: string;
  sessionId: string;
  sessionTitle: string;
  projectId: string;
  text: string;
  sentAt: number;
}
