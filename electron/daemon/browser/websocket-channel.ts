import type { WebSocket } from 'ws';
import type { Channel } from '../../common/channel';
import { leftTooMuchUnread } from '../../node/unread-cap';

/**
 * A WebSocket's text frames as a channel (JSON texts, parsed by whoever receives them). A binary
 * frame arrives as "null", which the host rejects. A socket error (a frame over the size limit,
 * invalid UTF-8) ends that socket only: `ws` closes it and emits 'error', and an 'error' with no
 * listener would end the whole process.
 */
export function websocketText(
  ws: WebSocket,
  log: (message: string) => void = () => {},
): Channel<string, string | Buffer> {
  // ws has already begun the close handshake with the right code (1009, 1007) when it emits this.
  ws.on('error', (e) => log(`closing a client socket: ${e.message}`));
  return {
    // Bytes are UTF-8 text already (a daemon's line): sent as a text frame, not decoded here.
    send: (text) => {
      ws.send(text, { binary: false });
      // A close frame would wait behind what is unread: the socket goes at once.
      if (leftTooMuchUnread(ws.bufferedAmount, log)) ws.terminate();
    },
    onMessage: (listener) => void ws.on('message', (raw, isBinary) => listener(isBinary ? 'null' : raw.toString())),
    onClose: (listener) => void ws.on('close', listener),
    close: () => ws.close(),
  };
}
