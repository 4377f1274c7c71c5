import { toggleQueuePanel, type AppStore } from './store/app-store';

/** App shortcuts, caught before xterm sees them. Chosen not to clash with terminal programs. */
export function installShortcuts(store: AppStore): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.shiftKey && e.code === 'KeyQ') {
      const id = store.getState().focusedSessionId;
      if (!id) return;
      e.preventDefault();
      e.stopPropagation();
      toggleQueuePanel(store, id);
    }
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
