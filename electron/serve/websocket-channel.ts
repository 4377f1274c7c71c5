import type { WebSocket } from 'ws';
import type { HostChannel } from '../host/server/connection';

/** JSON over a WebSocket. Text that is not JSON reaches the host as a string, which rejects it. */
export function websocketChannel(ws: WebSocket): HostChannel {
  return {
    send: (frame) => ws.send(JSON.stringify(frame)),
    onMessage: (listener) =>
      void ws.on('message', (raw, isBinary) => {
        if (isBinary) return listener(null);
        const text = raw.toString();
        try {
          listener(JSON.parse(text));
        } catch {
          listener(text);
        }
      }),
    onClose: (listener) => void ws.on('close', listener),
    close: () => ws.close(),
  };
}
