import { useEffect, useRef, useState } from 'react';
import type { CommitSummary } from '../../../electron/common/timeline';
import { useActions, useApp, useClient } from '../app-context';
import type { CheckRun } from '../../../electron/common/checks';
import { CheckBadge, checkLabel } from '../checks/CheckBadge';
import { CommitDetailView } from './CommitDetailView';
import { relativeTime } from './relative-time';
import { mergeTimeline } from './timeline-entries';
import { useTimeline } from './use-timeline';
import { ErrorText } from '../components/ErrorText';

function CommitRow({
  commit,
  isHead,
  check,
  onOpen,
}: {
  commit: CommitSummary;
  isHead: boolean;
  check?: CheckRun;
  onOpen(): void;
}) {
  return (
    <li className={`entry commit${isHead ? ' head' : ''}`}>
      {/* The button holds only what its name says (hash and subject), so "click <subject>" works by
          voice; the line of details below opens the commit too, for the mouse. */}
      <button
        className="entry-button"
        onClick={onOpen}
        aria-label={`Commit ${commit.hash.slice(0, 7)}: ${commit.subject}${check ? ` (${checkLabel(check)})` : ''}`}
      >
        <span className="entry-line">
          <code className="hash">{commit.hash.slice(0, 7)}</code> <span className="subject">{commit.subject}</span>
        </span>
      </button>
      <span className="entry-line entry-details muted" onClick={onOpen}>
        {commit.refs.map((r) => (
          <span key={r} className={`tag${r.startsWith('HEAD') ? ' tag-head' : ''}`}>
            {r}
          </span>
        ))}
        <span>{commit.authorName}</span>
        <time title={new Date(commit.time).toLocaleString()}>{relativeTime(commit.time)}</time>
        {check && <CheckBadge run={check} />}
        <span>
          {commit.filesChanged} file{commit.filesChanged === 1 ? '' : 's'} <span className="plus">+{commit.added}</span>{' '}
          <span className="minus">−{commit.removed}</span>
        </span>
      </span>
    </li>
  );
}

/** One project's commits, newest first, with the prompts that were sent to its agents in between. */
export function TimelinePanel({ projectId }: { projectId: string }) {
  const client = useClient();
  const { openTimeline, initRepository } = useActions();
  const project = useApp((s) => s.projects.find((p) => p.id === projectId));
  const data = useTimeline(client, projectId);
  const [openHash, setOpenHash] = useState<string | null>(null);
  const [sessionFilter, setSessionFilter] = useState<string>('');
  const [initError, setInitError] = useState<string | null>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const { loadMore } = data;

  useEffect(() => {
    const el = bottom.current;
    if (!el) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore());
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore, openHash]);

  if (!project) return null;
  const close = () => openTimeline(null);
  const sessions = [...new Map(data.prompts.map((p) => [p.sessionId, p.sessionTitle])).entries()];
  const entries = mergeTimeline(data.commits, data.prompts, data.hasMore, sessionFilter || null);
  const repo = data.repo;
  const wt = data.worktree;

  return (
    <aside className="timeline" aria-label={`Timeline of ${project.name}`}>
      <header className="timeline-head">
        <strong>{project.name}</strong>
        {repo?.isRepo && (
          <span className="muted">
            {repo.detached ? `detached HEAD at ${repo.head?.slice(0, 7) ?? '?'}` : `on ${repo.branch}`}
            {repo.shallow ? ' · shallow clone' : ''}
          </span>
        )}
        <span className="spacer" />
        <button onClick={close} aria-label="Close the timeline" title="Close (Ctrl+Shift+G)">
          ×
        </button>
      </header>
      {openHash ? (
        <CommitDetailView
          projectId={projectId}
          hash={openHash}
          check={data.checks[openHash]}
          onBack={() => setOpenHash(null)}
        />
      ) : (
        <>
          <ErrorText>{data.error}</ErrorText>
          {data.loading && <p className="muted">Loading the history…</p>}
          {repo && !repo.isRepo && (
            <div className="not-git">
              <p>{project.name} is not a git repository, so there is no history to show.</p>
              <button
                onClick={async () => {
                  const r = await initRepository(projectId);
                  setInitError(r && !r.ok ? r.error.message : null);
                }}
              >
                Initialize a git repository here
              </button>
              <ErrorText>{initError}</ErrorText>
            </div>
          )}
          {repo?.isRepo && (
            <>
              {wt && (
                <p className="worktree" role="status" aria-label="Uncommitted work">
                  {wt.files + wt.untracked === 0
                    ? 'No uncommitted changes'
                    : `Uncommitted: ${wt.files} changed file${wt.files === 1 ? '' : 's'} (+${wt.added} −${wt.removed})${wt.untracked ? `, ${wt.untracked} untracked` : ''}${wt.conflicted ? `, ${wt.conflicted} in conflict` : ''}`}
                </p>
              )}
              {sessions.length > 0 && (
                <label className="filter">
                  Prompts from{' '}
                  <select value={sessionFilter} onChange={(e) => setSessionFilter(e.target.value)}>
                    <option value="">all sessions</option>
                    {sessions.map(([id, title]) => (
                      <option key={id} value={id}>
                        {title}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              {repo.empty && <p className="muted">No commits yet.</p>}
              <ol className="entries" aria-label="Commits and prompts">
                {entries.map((e) =>
                  e.kind === 'commit' ? (
                    <CommitRow
                      key={e.commit.hash}
                      commit={e.commit}
                      isHead={e.commit.hash === repo.head}
                      check={data.checks[e.commit.hash]}
                      onOpen={() => setOpenHash(e.commit.hash)}
                    />
                  ) : (
                    <li
                      key={`p-${e.prompt.id}`}
                      className="entry prompt"
                      aria-label={`Prompt to ${e.prompt.sessionTitle}: ${e.prompt.text.slice(0, 60)}`}
                    >
                      <span className="entry-line">
                        <span className="prompt-mark" aria-hidden="true">
                          ➤
                        </span>
                        <span className="prompt-text">{e.prompt.text}</span>
                      </span>
                      <span className="entry-line muted">
                        to {e.prompt.sessionTitle} ·{' '}
                        <time title={new Date(e.prompt.sentAt).toLocaleString()}>{relativeTime(e.prompt.sentAt)}</time>
                      </span>
                    </li>
                  ),
                )}
              </ol>
              {data.hasMore && (
                <button className="load-more" onClick={loadMore}>
                  Load older commits
                </button>
              )}
              <div ref={bottom} />
            </>
          )}
        </>
      )}
    </aside>
  );
}
