/// <reference lib="dom" />
/**
 * The whole preload: a MessagePort to the host when the page asks, one generic request to main
 * (native dialogs), and main's menu commands. No feature code lives here.
 */
import { ipcRenderer } from 'electron';

window.addEventListener('message', (event) => {
  if (event.source !== window) return;
  const data = event.data as { type?: string; id?: unknown; method?: unknown } | string | null;
  if (data === 'flotilla:connect') return ipcRenderer.send('flotilla:connect');
  if (
    typeof data === 'object' &&
    data?.type === 'flotilla:main-request' &&
    typeof data.id === 'number' &&
    typeof data.method === 'string'
  ) {
    const id = data.id;
    void ipcRenderer.invoke('flotilla:main', data.method).then(
      (value: unknown) => window.postMessage({ type: 'flotilla:main-result', id, value }, '*'),
      () => window.postMessage({ type: 'flotilla:main-result', id, value: null }, '*'),
    );
  }
});
ipcRenderer.on('flotilla:port', (event) => window.postMessage('flotilla:port', '*', event.ports));
ipcRenderer.on('flotilla:host-failed', (_event, reason: unknown) =>
  window.postMessage({ type: 'flotilla:host-failed', reason }, '*'),
);
ipcRenderer.on('flotilla:command', (_event, command: unknown) =>
  window.postMessage({ type: 'flotilla:command', command }, '*'),
);
