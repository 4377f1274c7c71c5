/**
 * What agents spend and how much of each quota is left (issue 23): the host reads the agents'
 * own records (transcripts, rollouts, chat files, Claude Code's status line) and sends this.
 */

/** Tokens as the agents count them. `input` excludes what was read from or written to the cache. */
export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

export const NO_TOKENS: TokenCounts = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}

/** What one session's agent spent, from its own records. */
export interface SessionUsage {
  sessionId: string;
  /** The account its quota counts against (`agents/account.ts`), null for a shell or an unknown agent. */
  account: string | null;
  /** The model of the latest answer. */
  model: string | null;
  tokens: TokenCounts;
  /** Estimated with the preset's price table; null when no model it used has a price. */
  costUsd: number | null;
  /** Models it used that the price table has no price for (their tokens are not in the cost). */
  unpriced: string[];
  /** The agent's file the counts come from (transcript, rollout, chat); null until found. */
  source: string | null;
  updatedAt: number | null;
}

/** One quota window as the service reported it last. */
export interface QuotaWindow {
  usedPercent: number;
  /** When the window starts again (ms since the epoch), when known. */
  resetsAt: number | null;
}

/** One account: a CLI and the folder its login lives in; every session on it spends one quota. */
export interface AccountUsage {
  /** The account key: `claude@/home/me/.claude` (a remote host's: `devbox:claude@/home/me/.claude`). */
  id: string;
  family: 'claude' | 'codex' | 'gemini';
  /** For people: "Claude Code · ~/.claude". */
  label: string;
  fiveHour: QuotaWindow | null;
  weekly: QuotaWindow | null;
  /** When the windows were last reported; null while none was. */
  windowsAt: number | null;
  /** Why there are no windows, when there are none (what this CLI or login does not report). */
  windowsNote: string | null;
  /** The 5-hour window's used % over the last hours, [ms since the epoch, percent], oldest first. */
  history: Array<[number, number]>;
  /** % of the 5-hour window spent per hour over the last hour; null without two readings in it. */
  burnPerHour: number | null;
  /** When the 5-hour window runs out at that rate, if before it resets; else null. */
  exhaustsAt: number | null;
  /** The person's threshold: at this % of the 5-hour window the account's queues pause. Null: never. */
  pauseAt: number | null;
  /** The threshold paused this account's queues (until the window resets or the person resumes). */
  paused: boolean;
  /** A usage limit holds this account's queues until then. */
  limitedUntil: number | null;
  sessionIds: string[];
  tokens: TokenCounts;
  costUsd: number | null;
}

export interface UsageSnapshot {
  accounts: AccountUsage[];
  sessions: SessionUsage[];
}

/** "12.3k", "1.2M": token counts for a glance. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
}

/** "$0.12", "$14", "<$0.01". */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return usd < 100 ? `$${usd.toFixed(2)}` : `$${Math.round(usd)}`;
}

export const totalTokens = (t: TokenCounts): number => t.input + t.output + t.cacheRead + t.cacheWrite;
