import type { CheckRun } from '../../../electron/common/checks';

const MARK: Record<CheckRun['state'], string> = {
  queued: '◌',
  running: '◔',
  passed: '✓',
  failed: '✗',
  'timed-out': '✗',
  canceled: '–',
  skipped: '↷',
  held: '⏸',
  error: '!',
};

const WORDS: Record<CheckRun['state'], string> = {
  queued: 'waiting',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  'timed-out': 'timed out',
  canceled: 'canceled',
  skipped: 'skipped',
  held: 'waits for your allow',
  error: 'could not run',
};

export function checkDuration(run: CheckRun): string {
  if (!run.startedAt || !run.endedAt) return '';
  const s = (run.endedAt - run.startedAt) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** What a run says in words: "Check passed in 4.2 s". */
export function checkLabel(run: CheckRun): string {
  const took = checkDuration(run);
  return `Check ${WORDS[run.state]}${took ? ` in ${took}` : ''}`;
}

/** ✓ passed / ✗ failed / running / skipped, with its duration. */
export function CheckBadge({ run, compact = false }: { run: CheckRun; compact?: boolean }) {
  const label = checkLabel(run);
  return (
    <span
      className={`check-badge check-${run.state}`}
      role="img"
      aria-label={label}
      title={`${label}: ${run.command}${run.reason ? `\n${run.reason}` : ''}`}
    >
      {MARK[run.state]}
      {!compact && (
        <span className="check-words">
          {' '}
          {WORDS[run.state]}
          {checkDuration(run) ? ` ${checkDuration(run)}` : ''}
        </span>
      )}
    </span>
  );
}
