import type { QuotaWindow } from '../../../electron/common/usage';
import { percentText, whenText } from './usage-text';

/** One quota window: how much of it is used, as a bar and in numbers, and when it starts again. */
export function QuotaBar({
  name,
  window,
  account,
  now,
}: {
  name: '5-hour' | 'Weekly';
  window: QuotaWindow | null;
  account: string;
  now: number;
}) {
  if (!window)
    return (
      <div className="quota">
        <span className="quota-name">{name}</span>
        <span className="quota-none muted">not reported</span>
      </div>
    );
  const used = Math.min(100, Math.max(0, window.usedPercent));
  const resets = window.resetsAt === null ? null : `resets ${whenText(window.resetsAt, now)}`;
  return (
    <div className="quota">
      <span className="quota-name">{name}</span>
      <div
        className="quota-bar"
        role="meter"
        aria-label={`${name} window of ${account}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(used)}
        aria-valuetext={`${percentText(used)} used${resets ? `, ${resets}` : ''}`}
      >
        <div className={`quota-fill${used >= 90 ? ' quota-high' : ''}`} style={{ width: `${used}%` }} />
      </div>
      <span className="quota-used" aria-hidden="true">
        {percentText(window.usedPercent)}
      </span>
      {resets && (
        <span className="quota-reset muted" aria-hidden="true">
          {resets}
        </span>
      )}
    </div>
  );
}
