import { useActions, useApp } from '../app-context';
import { accountUsageOf } from '../store/usage-slice';
import { BurnPlot } from './BurnPlot';
import { PauseAtField } from './PauseAtField';
import { QuotaBar } from './QuotaBar';
import { UsageAmount } from './UsageAmount';
import { accountUsageDetail, burnText, percentText, usageCompact, whenText } from './usage-text';

/** One account: what its sessions spent, its quota windows, their recent course, and its threshold. */
export function AccountMeter({ accountId, now }: { accountId: string; now: number }) {
  const { resumeAccountQueues } = useActions();
  const a = useApp((s) => accountUsageOf(s, accountId));
  if (!a) return null;
  const spent = usageCompact(a.tokens, a.costUsd);
  const burn = burnText(a, now);
  const windows = a.fiveHour !== null || a.weekly !== null;
  return (
    <li className="account-meter" aria-label={a.label}>
      <div className="account-head">
        <span className="account-label" title={a.id}>
          {a.label}
        </span>
        {spent && <UsageAmount className="account-spent" compact={spent} detail={accountUsageDetail(a)} />}
      </div>
      {a.limitedUntil !== null && (
        <p className="account-alert" role="status">
          Limited until {whenText(a.limitedUntil, now)}
        </p>
      )}
      {a.paused && (
        <p className="account-alert" role="status">
          {a.pauseAt === null ? 'Paused by its threshold' : `Paused at ${percentText(a.pauseAt)}`} —{' '}
          <button
            type="button"
            className="link"
            aria-label={`Resume queues of ${a.label}`}
            onClick={() => void resumeAccountQueues(a.id)}
          >
            Resume queues
          </button>
        </p>
      )}
      {windows ? (
        <>
          <QuotaBar name="5-hour" window={a.fiveHour} account={a.label} now={now} />
          <QuotaBar name="Weekly" window={a.weekly} account={a.label} now={now} />
        </>
      ) : (
        <p className="account-note muted">{a.windowsNote ?? 'No quota reported yet.'}</p>
      )}
      {a.history.length > 0 && <BurnPlot account={a} now={now} />}
      {burn && <p className="account-burn muted">{burn}</p>}
      <PauseAtField account={a} />
    </li>
  );
}
