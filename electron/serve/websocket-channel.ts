import type { WebSocket } from 'ws';
import type { HostChannel } from '../host/server/connection';

/**
 * JSON over a WebSocket. Text that is not JSON reaches the host as a string, which rejects it.
 * A socket error (a frame over the size limit, invalid UTF-8) ends that socket only: `ws` closes
 * it and emits 'error', and an 'error' with no listener would end the whole process.
 */
export function websocketChannel(ws: WebSocket, log: (message: string) => void = () => {}): HostChannel {
  // ws has already begun the close handshake with the right code (1009, 1007) when it emits this.
  ws.on('error', (e) => log(`closing a client socket: ${e.message}`));
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
