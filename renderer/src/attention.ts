import type { CheckRun } from '../../electron/common/checks';
import type { SessionInfo } from '../../electron/common/types';
import type { AppStore } from './store/app-store';

/**
 * Raises a system notification when a session that is not in front needs the person: it asks
 * for input, finished a turn (busy → idle), or exited. Clicking it focuses the tile.
 */
export function watchAttention(store: AppStore): () => void {
  return store.subscribe((state, previous) => {
    if (
      state.sessions === previous.sessions ||
      typeof Notification === 'undefined' ||
      Notification.permission !== 'granted'
    )
      return;
    for (const id of state.sessionOrder) {
      const now = state.sessions[id];
      const before = previous.sessions[id];
      if (!now || !before || now.status === before.status) continue;
      const reason = attentionReason(before, now);
      if (reason) notify(store, id, reason);
    }
  });
}

/** A system notification for a session; clicking it brings the window and the tile to front. */
export function notify(store: AppStore, sessionId: string, reason: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const state = store.getState();
  const session = state.sessions[sessionId];
  if (!session || (state.focusedSessionId === sessionId && document.hasFocus())) return;
  const project = state.projects.find((p) => p.id === session.projectId)?.name ?? '';
  const note = new Notification(`${project} · ${session.title}`, { body: reason, tag: `flotilla-${sessionId}` });
  note.onclick = () => {
    window.focus();
    store.getState().focusSession(sessionId);
  };
}

/** A commit failed its check: the project, the commit's subject and the first failing lines. */
export function notifyCheck(store: AppStore, run: CheckRun): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const project = store.getState().projects.find((p) => p.id === run.projectId)?.name ?? '';
  const what = run.state === 'timed-out' ? 'timed out' : 'failed';
  const body = [`${run.commit.slice(0, 8)} “${run.subject}”`, ...run.failingLines.slice(0, 3)].join('\n');
  const note = new Notification(`${project}: check ${what}`, { body, tag: `flotilla-check-${run.projectId}` });
  note.onclick = () => {
    window.focus();
    store.getState().openTimeline(run.projectId);
  };
}

/**
 * An account's threshold paused its queues (`usage.paused`). The window's notice says it too, so
 * the system notification is for when the person is elsewhere.
 */
export function notifyUsagePaused(account: string, text: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || document.hasFocus()) return;
  const note = new Notification('Queues paused', { body: text, tag: `flotilla-usage-${account}` });
  note.onclick = () => window.focus();
}

export function attentionReason(before: SessionInfo, now: SessionInfo): string | null {
  if (now.status === 'needs-input') return now.statusDetail ? `asks: ${now.statusDetail}` : 'asks for your input';
  if (now.status === 'idle' && before.status === 'busy') return 'finished a turn';
  if (now.status === 'exited' && before.status !== 'exited')
    return now.error ? `could not start: ${now.error}` : now.exitCode ? `exited with code ${now.exitCode}` : 'exited';
  return null;
}
