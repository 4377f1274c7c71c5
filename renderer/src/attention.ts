import type { SessionInfo } from '../../electron/common/types';
import { focusSession, type AppStore } from './store/app-store';

/**
 * Raises a system notification when a session that is not in front needs the person: it asks
 * for input, finished a turn (busy → idle), or exited. Clicking it focuses the tile.
 */
export function watchAttention(store: AppStore): () => void {
  return store.subscribe((state, previous) => {
    if (state.sessions === previous.sessions || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    for (const id of state.sessionOrder) {
      const now = state.sessions[id];
      const before = previous.sessions[id];
      if (!now || !before || now.status === before.status) continue;
      const inFront = state.focusedSessionId === id && document.hasFocus();
      const reason = attentionReason(before, now);
      if (!reason || inFront) continue;
      const project = state.projects.find((p) => p.id === now.projectId)?.name ?? '';
      const note = new Notification(`${project} · ${now.title}`, { body: reason, tag: `flotilla-${id}` });
      note.onclick = () => {
        window.focus();
        focusSession(store, id);
      };
    }
  });
}

export function attentionReason(before: SessionInfo, now: SessionInfo): string | null {
  if (now.status === 'needs-input') return 'Needs your input';
  if (now.status === 'idle' && before.status === 'busy') return 'Done: waiting for the next prompt';
  if (now.status === 'exited' && before.status !== 'exited') return now.exitCode ? `Exited with code ${now.exitCode}` : 'Exited';
  return null;
}
