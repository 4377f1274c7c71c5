import type { CommitSummary } from '../../../electron/common/timeline';
import type { PromptRecord } from '../../../electron/common/types';

export type TimelineEntry = { kind: 'commit'; commit: CommitSummary } | { kind: 'prompt'; prompt: PromptRecord };

/**
 * Commits in git's order (never re-sorted: author times go backwards after rebases), with each
 * sent prompt placed above the first commit older than it, so a prompt sits above the commits
 * that followed it. Git keeps whole seconds, so within one second the prompt goes below the
 * commit. Prompts older than the oldest loaded commit wait until that page is loaded.
 */
export function mergeTimeline(
  commits: CommitSummary[],
  prompts: PromptRecord[],
  hasMore: boolean,
  sessionId: string | null,
): TimelineEntry[] {
  const secondOf = (p: PromptRecord) => Math.floor(p.sentAt / 1000) * 1000;
  const pending = prompts.filter((p) => !sessionId || p.sessionId === sessionId).sort((a, b) => b.sentAt - a.sentAt);
  const entries: TimelineEntry[] = [];
  let next = 0;
  for (const commit of commits) {
    while (next < pending.length && secondOf(pending[next]) > commit.time)
      entries.push({ kind: 'prompt', prompt: pending[next++] });
    entries.push({ kind: 'commit', commit });
  }
  if (!hasMore) while (next < pending.length) entries.push({ kind: 'prompt', prompt: pending[next++] });
  return entries;
}
