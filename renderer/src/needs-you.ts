import type { AppState } from './store/app-store';
import { checkFailed } from './store/checks-slice';

/** A project's newest check is red and not looked at yet: its first session is where to fix it. */
function redCheckSession(state: AppState, projectId: string): string | undefined {
  const run = state.checks[projectId];
  if (!run || !checkFailed(run) || run.fixQueued || state.seenChecks[run.id]) return undefined;
  return state.sessionOrder.find((id) => state.sessions[id]?.projectId === projectId);
}

/**
 * Sessions waiting for the person, most urgent first: asking for input (the agent is blocked),
 * then exited or failed to start (until seen once) or in a project whose newest commit failed
 * its check, then a finished turn with unseen output.
 * Within each, the order sessions were started.
 */
export function sessionsNeedingYou(state: AppState): string[] {
  const rank = (id: string): number => {
    const s = state.sessions[id];
    if (!s) return -1;
    if (s.status === 'needs-input') return 0;
    if (s.status === 'exited' && state.seenExits[id] !== s.startedAt) return 1;
    if (redCheckSession(state, s.projectId) === id) return 1;
    if (s.status === 'idle' && state.unseen[id]) return 2;
    return -1;
  };
  return state.sessionOrder
    .map((id) => ({ id, r: rank(id) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r)
    .map((x) => x.id);
}
