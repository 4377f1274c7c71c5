import type { Channel } from '../../../electron/common/channel';
import type { ClientFrame, HostFrame } from '../../../electron/common/protocol';

export type ClientChannel = Channel<HostFrame, ClientFrame>;

function listeners<T extends unknown[]>() {
  const set = new Set<(...args: T) => void>();
  return { add: (l: (...args: T) => void) => void set.add(l), fire: (...args: T) => set.forEach((l) => l(...args)) };
}

/** Electron: ask the preload for a MessagePort to the host (one per page load), or hear why there is none. */
export function connectMessagePort(): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const onPort = (event: MessageEvent) => {
      if (event.source !== window) return;
      const failed = event.data as { type?: string; reason?: unknown } | null;
      if (failed?.type === 'flotilla:host-failed') {
        window.removeEventListener('message', onPort);
        return reject(Object.assign(new Error(String(failed.reason)), { name: 'HostFailed' }));
      }
      if (event.data !== 'flotilla:port' || !event.ports[0]) return;
      window.removeEventListener('message', onPort);
      const port = event.ports[0];
      const messages = listeners<[HostFrame]>();
      const closes = listeners<[]>();
      // The bridge forwards the daemon's lines as they are: JSON texts.
      port.onmessage = (e) => messages.fire(JSON.parse(e.data as string) as HostFrame);
      port.addEventListener('close', () => closes.fire());
      port.start();
      resolve({
        send: (frame) => port.postMessage(JSON.stringify(frame)),
        onMessage: messages.add,
        onClose: closes.add,
        close: () => port.close(),
      });
    };
    window.addEventListener('message', onPort);
    window.postMessage('flotilla:connect', '*');
  });
}

/** Browser mode: a WebSocket to the page's own origin, with the token from the page's URL. */
export function connectWebSocket(token: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    // Once the server has set its cookie the page's URL holds no token: the cookie goes along.
    const ws = new WebSocket(`${scheme}://${location.host}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`);
    const messages = listeners<[HostFrame]>();
    const closes = listeners<[]>();
    ws.onmessage = (e) => messages.fire(JSON.parse(e.data as string) as HostFrame);
    ws.onopen = () =>
      resolve({
        send: (frame) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify(frame)),
        onMessage: messages.add,
        onClose: closes.add,
        close: () => ws.close(),
      });
    ws.onclose = () => {
      reject(new Error('Could not connect to the Flotilla host.'));
      closes.fire();
    };
  });
}
