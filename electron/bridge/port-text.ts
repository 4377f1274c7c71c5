import type { Channel } from '../common/channel';
import type { PortLike } from './port-like';

/**
 * A window's port as a channel of JSON texts. Lines pass through as strings, never parsed here:
 * the page parses each frame once (as over a WebSocket), and a string crosses the port cheaper
 * than the object it holds.
 */
export function portText(port: PortLike): Channel<string, string | Buffer> {
  return {
    send: (text) => port.postMessage(text.toString()),
    onMessage: (listener) => void port.on('message', (e) => listener(String(e.data))),
    onClose: (listener) => void port.on('close', listener),
    close: () => port.close(),
  };
}
