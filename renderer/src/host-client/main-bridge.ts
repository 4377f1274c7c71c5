/**
 * The desktop app's few requests to Electron's main process (native dialogs, menu commands),
 * through the preload's one generic bridge. In a browser there is no main process.
 */
export const inDesktopApp = (): boolean => location.protocol === 'file:';

export type MainMethod = 'dialog.openFolder';

let nextId = 0;

/** Asks main; resolves with its answer (null when it gave none). */
export function requestMain<T>(method: MainMethod): Promise<T | null> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; id?: number; value?: T } | null;
      if (event.source !== window || data?.type !== 'flotilla:main-result' || data.id !== id) return;
      window.removeEventListener('message', onMessage);
      resolve(data.value ?? null);
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ type: 'flotilla:main-request', id, method }, '*');
  });
}

/** Menu commands from main (the application menu), by command id. Returns the unsubscribe. */
export function onMainCommand(run: (commandId: string) => void): () => void {
  const onMessage = (event: MessageEvent) => {
    const data = event.data as { type?: string; command?: unknown } | null;
    if (event.source === window && data?.type === 'flotilla:command' && typeof data.command === 'string')
      run(data.command);
  };
  window.addEventListener('message', onMessage);
  return () => window.removeEventListener('message', onMessage);
}
