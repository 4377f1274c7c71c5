import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../app-context';
import { AccountMeter } from './AccountMeter';
import { useNow } from './use-now';

/** The sidebar's "Usage": a meter per account the host knows; nothing until it knows one. */
export function UsageMeters() {
  const ids = useApp(useShallow((s) => s.usageAccounts.map((a) => a.id)));
  const now = useNow();
  if (ids.length === 0) return null;
  return (
    <section className="usage" aria-label="Usage">
      <details open>
        <summary>Usage</summary>
        <ul className="usage-accounts" aria-label="Accounts">
          {ids.map((id) => (
            <AccountMeter key={id} accountId={id} now={now} />
          ))}
        </ul>
      </details>
    </section>
  );
}
