import type { QuotaWindow, SessionUsage } from '../common/usage';
import { formatCost, formatTokens, totalTokens } from '../common/usage';
import type { Cli } from './daemon-client';
import { table, type Output } from './table';

/** "17:40", or "Thu 09:00" when not today. */
function clock(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  return date.toDateString() === new Date(now).toDateString()
    ? time
    : `${date.toLocaleDateString('en-GB', { weekday: 'short' })} ${time}`;
}

const windowText = (w: QuotaWindow | null, now: number) =>
  w ? `${Math.round(w.usedPercent)}%${w.resetsAt ? ` (resets ${clock(w.resetsAt, now)})` : ''}` : '-';

const costText = (s: Pick<SessionUsage, 'costUsd'>) => (s.costUsd === null ? '-' : formatCost(s.costUsd));

/** `flotilla usage`: every account's windows and burn rate, every agent session's tokens and cost. */
export async function usage(cli: Cli): Promise<Output> {
  const [snapshot, sessions, projects] = await Promise.all([
    cli.call('usage.get', {}),
    cli.call('sessions.list', {}),
    cli.call('projects.list', {}),
  ]);
  const now = Date.now();
  const nameOf = (sessionId: string) => {
    const session = sessions.find((s) => s.id === sessionId);
    const project = projects.find((p) => p.id === session?.projectId);
    return session ? `${project?.name ?? '?'}/${session.title}` : sessionId;
  };
  const json = {
    accounts: snapshot.accounts,
    sessions: snapshot.sessions.map((s) => ({ ...s, name: nameOf(s.sessionId) })),
  };
  if (!snapshot.accounts.length) return { text: 'No agent sessions and no quota readings yet.', json };
  const accounts = [['ACCOUNT', '5-HOUR', 'WEEKLY', 'LAST HOUR', 'TOKENS', 'COST']];
  const notes: string[] = [];
  for (const a of snapshot.accounts) {
    const burn =
      a.burnPerHour === null
        ? '-'
        : `${a.burnPerHour.toFixed(1)}%/h${a.exhaustsAt ? `, empty at ${clock(a.exhaustsAt, now)}` : ''}`;
    accounts.push([
      a.label,
      windowText(a.fiveHour, now),
      windowText(a.weekly, now),
      burn,
      formatTokens(totalTokens(a.tokens)),
      costText(a),
    ]);
    if (a.windowsNote) notes.push(`${a.label}: ${a.windowsNote}`);
    if (a.limitedUntil) notes.push(`${a.label}: limited until ${clock(a.limitedUntil, now)}`);
    if (a.paused) notes.push(`${a.label}: queues paused at ${a.pauseAt}% of the 5-hour window`);
  }
  const rows = [['SESSION', 'MODEL', 'INPUT', 'OUTPUT', 'CACHE READ', 'CACHE WRITE', 'COST']];
  for (const s of json.sessions)
    rows.push([
      s.name,
      s.model ?? '-',
      formatTokens(s.tokens.input),
      formatTokens(s.tokens.output),
      formatTokens(s.tokens.cacheRead),
      formatTokens(s.tokens.cacheWrite),
      costText(s),
    ]);
  const text = [table(accounts), ...notes, '', table(rows)].join('\n');
  return { text, json };
}
