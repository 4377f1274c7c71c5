import { sessionsNeedingYou } from '../needs-you';
import { projectsByAttention } from '../components/project-attention';
import type { AppState } from '../store/app-store';

export interface SessionGroup {
  projectId: string;
  name: string;
  sessionIds: string[];
}

/**
 * The phone's switcher: sessions grouped by project, projects that need the person first, and
 * in each group the sessions that need the person first (most urgent first), then start order.
 */
export function phoneGroups(state: AppState): SessionGroup[] {
  const urgent = sessionsNeedingYou(state);
  const rank = (id: string) => {
    const i = urgent.indexOf(id);
    return i < 0 ? urgent.length : i;
  };
  return projectsByAttention(state)
    .map((projectId) => ({
      projectId,
      name: state.projects.find((p) => p.id === projectId)?.name ?? '?',
      sessionIds: state.sessionOrder
        .filter((id) => state.sessions[id]?.projectId === projectId)
        .map((id, i) => ({ id, i, r: rank(id) }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((x) => x.id),
    }))
    .filter((g) => g.sessionIds.length > 0);
}

/** Every session in the switcher's order: what next and previous step through. */
export const phoneOrder = (state: AppState): string[] => phoneGroups(state).flatMap((g) => g.sessionIds);

/** The session the phone shows: the window's focused one, else the first in the switcher. */
export function currentPhoneSession(state: AppState): string | null {
  const focused = state.focusedSessionId;
  if (focused && state.sessions[focused]) return focused;
  return phoneOrder(state)[0] ?? null;
}

/** Shows another session on the phone; the window's layout (shared with the desktop) is not changed. */
export function goToSession(state: AppState, sessionId: string): void {
  const current = currentPhoneSession(state);
  if (current && current !== sessionId) state.leaveSession(current);
  state.focusSession(sessionId);
}

export function stepSession(state: AppState, step: number): void {
  const order = phoneOrder(state);
  if (!order.length) return;
  const at = order.indexOf(currentPhoneSession(state) ?? '');
  goToSession(state, order[(at + step + order.length) % order.length]);
}

/** The next session that needs the person, after the one shown. */
export function nextNeedingYou(state: AppState): void {
  const current = currentPhoneSession(state);
  const target = sessionsNeedingYou(state).find((id) => id !== current);
  if (target) goToSession(state, target);
}
