import { toggleQueuePanel, toggleTimeline, type AppStore } from './store/app-store';

/** App shortcuts, caught before xterm sees them. Chosen not to clash with terminal programs. */
export function installShortcuts(store: AppStore): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (!mod || !e.shiftKey) return;
    const state = store.getState();
    const focused = state.focusedSessionId;
    if (e.code === 'KeyQ' && focused) {
      e.preventDefault();
      e.stopPropagation();
      toggleQueuePanel(store, focused);
    } else if (e.code === 'KeyG') {
      // The focused tile's project, else the open timeline's, else the first project.
      const projectId = (focused && state.sessions[focused]?.projectId) || state.timelineProjectId || state.projects[0]?.id;
      if (!projectId) return;
      e.preventDefault();
      e.stopPropagation();
      toggleTimeline(store, projectId);
    }
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
