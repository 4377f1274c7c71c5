import { useEffect, useState } from 'react';
import { isFinished, type CheckRun } from '../../../electron/common/checks';
import { useActions } from '../app-context';
import { checkFailed } from '../store/checks-slice';
import { CheckBadge } from './CheckBadge';
import { CheckLog } from './CheckLog';
import { FixForm } from './FixForm';

/** A commit's check: its result, the failing lines, the log, and the way from red to fixed. */
export function CheckSection({ projectId, commit, run }: { projectId: string; commit: string; run?: CheckRun }) {
  const { markCheckSeen, runCheck, cancelCheck } = useActions();
  const [showLog, setShowLog] = useState(false);
  const [fixing, setFixing] = useState(false);
  const failed = checkFailed(run);

  // Opened, a red check has been seen: it no longer puts its project first in "needs you".
  useEffect(() => {
    if (run && failed) markCheckSeen(run.id);
  }, [markCheckSeen, run, failed]);

  const runAgain = () => runCheck(projectId, commit);
  if (!run) {
    return (
      <section className="check-section" aria-label="Check">
        <span className="muted">This commit was not checked.</span>{' '}
        <button onClick={runAgain}>Check this commit</button>
      </section>
    );
  }
  return (
    <section className="check-section" aria-label="Check">
      <div className="row">
        <CheckBadge run={run} />
        <code>{run.command}</code>
        {run.exitCode !== null && run.exitCode !== 0 && <span className="muted">exit {run.exitCode}</span>}
      </div>
      {run.reason && <p className="muted">{run.reason}</p>}
      {failed && run.failingLines.length > 0 && (
        <pre className="check-failing" aria-label="Failing lines">
          {run.failingLines.join('\n')}
        </pre>
      )}
      <div className="row">
        <button onClick={() => setShowLog(true)}>View the check's log</button>
        {failed && (
          <button onClick={() => setFixing(true)} disabled={fixing}>
            {run.fixQueued ? 'Queue another fix…' : 'Queue a fix…'}
          </button>
        )}
        {isFinished(run.state) ? (
          <button onClick={runAgain}>Run the check again</button>
        ) : (
          <button onClick={() => cancelCheck(run.id)}>Cancel the check</button>
        )}
      </div>
      {fixing && <FixForm run={run} onDone={() => setFixing(false)} />}
      {showLog && <CheckLog run={run} onClose={() => setShowLog(false)} />}
    </section>
  );
}
