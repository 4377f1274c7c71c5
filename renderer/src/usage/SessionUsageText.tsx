import { useApp } from '../app-context';
import { sessionUsageOf } from '../store/usage-slice';
import { UsageAmount } from './UsageAmount';
import { sessionUsageDetail, usageCompact, usageSpoken } from './usage-text';

/** A session's tokens and estimated cost, or nothing while it has spent none (a shell). */
export function SessionUsageText({
  sessionId,
  className,
  lead,
  brief = false,
}: {
  sessionId: string;
  className: string;
  lead?: string;
  /** In a row of facts (a button's name): only the totals in words; the detail stays in the tooltip. */
  brief?: boolean;
}) {
  const usage = useApp((s) => sessionUsageOf(s, sessionId));
  const compact = usage ? usageCompact(usage.tokens, usage.costUsd) : null;
  if (!usage || !compact) return null;
  return (
    <UsageAmount
      compact={compact}
      detail={sessionUsageDetail(usage)}
      spoken={brief ? usageSpoken(usage.tokens, usage.costUsd) : undefined}
      className={className}
      lead={lead}
    />
  );
}
