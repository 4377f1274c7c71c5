/// <reference lib="dom" />
/**
 * The whole preload: when the page asks, fetch a MessagePort to the host from main and hand it
 * to the page. No feature code lives here; the page speaks the host protocol over the port.
 */
import { ipcRenderer } from 'electron';

window.addEventListener('message', (event) => {
  if (event.source === window && event.data === 'flotilla:connect') ipcRenderer.send('flotilla:connect');
});
ipcRenderer.on('flotilla:port', (event) => window.postMessage('flotilla:port', '*', event.ports));
