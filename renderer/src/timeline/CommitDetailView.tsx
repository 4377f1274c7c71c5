import { lazy, Suspense, useEffect, useState } from 'react';
import type { CommitDetail } from '../../../electron/common/timeline';
import { useActions, useClient } from '../app-context';
import { ErrorText } from '../components/ErrorText';
import type { CheckRun } from '../../../electron/common/checks';
import { CheckSection } from '../checks/CheckSection';

// diff2html and highlight.js load only when a commit is opened.
const DiffView = lazy(() => import('./DiffView').then((m) => ({ default: m.DiffView })));

interface Props {
  projectId: string;
  hash: string;
  /** The commit's newest check run, if it was checked. */
  check?: CheckRun;
  onBack(): void;
}

/** One commit: message, files (binary ones named), the diff, and a guarded revert. */
export function CommitDetailView({ projectId, hash, check, onBack }: Props) {
  const client = useClient();
  const { commitDetail, revertCommit } = useActions();
  const [detail, setDetail] = useState<CommitDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    setDetail(null);
    if (!client) return;
    void commitDetail(projectId, hash).then((r) => r && (r.ok ? setDetail(r.value) : setError(r.error.message)));
  }, [client, commitDetail, projectId, hash]);

  const revert = async () => {
    setConfirming(false);
    const r = await revertCommit(projectId, hash);
    if (r)
      setOutcome(
        r.ok ? { ok: true, text: `Reverted as ${r.value.slice(0, 8)}.` } : { ok: false, text: r.error.message },
      );
  };

  const added = detail?.files.reduce((n, f) => n + (f.added ?? 0), 0) ?? 0;
  const removed = detail?.files.reduce((n, f) => n + (f.removed ?? 0), 0) ?? 0;
  return (
    <section className="commit-detail" aria-label={`Commit ${hash.slice(0, 8)}`}>
      <div className="row">
        <button onClick={onBack}>← Back to the timeline</button>
        <span className="spacer" />
        {detail && !detail.isMerge && (
          <button onClick={() => setConfirming(true)} disabled={confirming}>
            Revert this commit…
          </button>
        )}
      </div>
      <ErrorText>{error}</ErrorText>
      <CheckSection projectId={projectId} commit={hash} run={check} />
      {confirming && detail && (
        <div className="confirm" role="alertdialog" aria-label="Confirm revert">
          <p>
            This makes a new commit that undoes <code>{hash.slice(0, 8)}</code> “{detail.subject}” (
            {detail.files.length} file
            {detail.files.length === 1 ? '' : 's'}, +{removed} −{added}). History is kept. It is refused if there are
            uncommitted changes.
          </p>
          <div className="row">
            <button onClick={revert}>Revert</button>
            <button onClick={() => setConfirming(false)}>Cancel</button>
          </div>
        </div>
      )}
      {outcome && (
        <p className={outcome.ok ? 'muted' : 'error'} role={outcome.ok ? 'status' : 'alert'}>
          {outcome.text}
        </p>
      )}
      {!detail && !error && <p className="muted">Loading…</p>}
      {detail && (
        <>
          <h3 className="commit-subject">{detail.subject}</h3>
          {detail.body && <pre className="commit-body">{detail.body}</pre>}
          <p className="muted">
            {detail.authorName} ·{' '}
            <time title={new Date(detail.time).toLocaleString()}>{new Date(detail.time).toLocaleString()}</time> ·{' '}
            <code>{detail.hash.slice(0, 12)}</code>
          </p>
          <ul className="file-list" aria-label="Changed files">
            {detail.files.map((f) => (
              <li key={f.path}>
                <code>{f.path}</code>{' '}
                {f.binary ? (
                  <span className="tag">binary</span>
                ) : (
                  <span className="muted">
                    +{f.added} −{f.removed}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {detail.truncated && (
            <p className="muted">The diff is too large to show in full; it is cut after the first files.</p>
          )}
          <Suspense fallback={<p className="muted">Loading the diff…</p>}>
            <DiffView patch={detail.patch} />
          </Suspense>
        </>
      )}
    </section>
  );
}
