import { useCallback, useEffect, useRef, useState } from 'react';
import type { HostClient } from '../../../electron/common/host-client';
import type { CommitSummary, RepoInfo, WorktreeStatus } from '../../../electron/common/timeline';
import type { PromptRecord } from '../../../electron/common/types';
import type { CheckRun } from '../../../electron/common/checks';
import { useActions } from '../app-context';

const PAGE = 50;

export interface TimelineData {
  repo: RepoInfo | null;
  commits: CommitSummary[];
  hasMore: boolean;
  worktree: WorktreeStatus | null;
  prompts: PromptRecord[];
  /** The newest check run of each commit that has one. */
  checks: Record<string, CheckRun>;
  error: string | null;
  loading: boolean;
  loadMore(): void;
}

/**
 * A project's timeline from the host: the first page at once, more on demand, refreshed on the
 * host's change events (new commits, moved refs, uncommitted work, sent prompts).
 */
export function useTimeline(client: HostClient | null, projectId: string): TimelineData {
  const { timelinePage, timelineWorktree, promptHistory, checkRuns, watchTimeline } = useActions();
  const [repo, setRepo] = useState<RepoInfo | null>(null);
  const [commits, setCommits] = useState<CommitSummary[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [worktree, setWorktree] = useState<WorktreeStatus | null>(null);
  const [prompts, setPrompts] = useState<PromptRecord[]>([]);
  const [checks, setChecks] = useState<Record<string, CheckRun>>({});
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const loaded = useRef(0);
  const inFlight = useRef(false);

  const fetchPage = useCallback(
    async (skip: number, limit: number, replace: boolean) => {
      if (!client) return;
      inFlight.current = true;
      const r = await timelinePage(projectId, skip, limit);
      inFlight.current = false;
      if (!r) return;
      setLoading(false);
      if (!r.ok) return setError(r.error.message);
      setError(null);
      setRepo(r.value.repo);
      setHasMore(r.value.hasMore);
      setCommits((old) => (replace ? r.value.commits : [...old, ...r.value.commits]));
      loaded.current = replace ? r.value.commits.length : loaded.current + r.value.commits.length;
    },
    [client, timelinePage, projectId],
  );
  const fetchWorktree = useCallback(async () => {
    const r = await timelineWorktree(projectId);
    setWorktree(r?.ok ? r.value : null);
  }, [timelineWorktree, projectId]);
  const fetchPrompts = useCallback(async () => {
    const r = await promptHistory(projectId);
    if (r?.ok) setPrompts(r.value);
  }, [promptHistory, projectId]);

  const fetchChecks = useCallback(async () => {
    const r = await checkRuns(projectId);
    // Newest first: the first run of each commit is its newest.
    if (r?.ok) setChecks(Object.fromEntries([...r.value].reverse().map((run) => [run.commit, run])));
  }, [checkRuns, projectId]);

  useEffect(() => {
    if (!client) return;
    setLoading(true);
    void fetchChecks();
    const offCheck = client.on('check.updated', (run) => {
      if (run.projectId !== projectId) return;
      setChecks((old) =>
        old[run.commit] && old[run.commit].id !== run.id && old[run.commit].createdAt > run.createdAt
          ? old
          : { ...old, [run.commit]: run },
      );
    });
    setCommits([]);
    void fetchPage(0, PAGE, true);
    void fetchWorktree();
    void fetchPrompts();
    const unwatch = watchTimeline(projectId);
    const offChanged = client.on('timeline.changed', (e) => {
      if (e.projectId !== projectId) return;
      // History may have been rewritten (amend, reset, rebase): reload what is shown from the top.
      if (e.kind === 'history') void fetchPage(0, Math.max(PAGE, loaded.current), true);
      else void fetchWorktree();
    });
    const offQueue = client.on('queue.changed', () => void fetchPrompts());
    const offProjects = client.on('projects.changed', () => void fetchPage(0, Math.max(PAGE, loaded.current), true));
    return () => {
      offCheck();
      offChanged();
      offQueue();
      offProjects();
      unwatch();
    };
  }, [client, projectId, watchTimeline, fetchPage, fetchWorktree, fetchPrompts, fetchChecks]);

  const loadMore = useCallback(() => {
    if (hasMore && !inFlight.current) void fetchPage(loaded.current, PAGE, false);
  }, [hasMore, fetchPage]);

  return { repo, commits, hasMore, worktree, prompts, checks, error, loading, loadMore };
}
