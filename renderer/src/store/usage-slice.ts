import type { StateCreator } from 'zustand/vanilla';
import type { AccountUsage, SessionUsage, UsageSnapshot } from '../../../electron/common/usage';
import { requestInPlace, requestOrNotify, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface UsageSlice {
  /** Every account the host knows an agent of, with its quota windows, in the host's order. */
  usageAccounts: AccountUsage[];
  /** What each session's agent spent, by session id (no entry: nothing known, e.g. a shell). */
  sessionUsage: Record<string, SessionUsage>;
  /** The host's whole picture (at connect, and each `usage.changed`) replaces the last one. */
  setUsage(snapshot: UsageSnapshot): void;
  /** The account's queues pause when its 5-hour window reaches `percent`; null: never. The form shows errors. */
  setPauseAt(account: string, percent: number | null): Reply<'usage.pauseAt'>;
  /** Resumes every queue of the account (after its threshold paused them). */
  resumeAccountQueues(account: string): Promise<void>;
}

export const accountUsageOf = (s: AppState, account: string): AccountUsage | undefined =>
  s.usageAccounts.find((a) => a.id === account);

export const sessionUsageOf = (s: AppState, sessionId: string): SessionUsage | undefined => s.sessionUsage[sessionId];

/** The same value when nothing in it changed, so what shows it does not render again every second. */
function same<T>(before: T | undefined, after: T): T {
  return before !== undefined && JSON.stringify(before) === JSON.stringify(after) ? before : after;
}

/** The state a snapshot makes, keeping the values that did not change (for `set`). */
export function usageState(
  s: AppState,
  { accounts, sessions }: UsageSnapshot,
): Pick<UsageSlice, 'usageAccounts' | 'sessionUsage'> {
  return {
    usageAccounts: accounts.map((a) => same(accountUsageOf(s, a.id), a)),
    sessionUsage: Object.fromEntries(sessions.map((u) => [u.sessionId, same(s.sessionUsage[u.sessionId], u)])),
  };
}

export const createUsageSlice: StateCreator<AppState, [], [], UsageSlice> = (set, get) => ({
  usageAccounts: [],
  sessionUsage: {},
  setUsage: (snapshot) => set((s) => usageState(s, snapshot)),
  setPauseAt: (account, percent) => requestInPlace(get, 'usage.pauseAt', { account, percent }),
  resumeAccountQueues: async (account) => {
    const state = get();
    const ids = accountUsageOf(state, account)?.sessionIds.filter((id) => state.sessions[id]) ?? [];
    await Promise.all(ids.map((sessionId) => requestOrNotify(get, 'queue.resume', { sessionId })));
  },
});
