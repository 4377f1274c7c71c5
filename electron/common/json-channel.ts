import type { Channel } from './channel';

/**
 * JSON messages over a channel of text messages (a WebSocket's text frames, a socket's lines).
 * Text that is not JSON reaches the listener as the string itself, which the host rejects.
 */
export function jsonChannel<In, Out>(text: Channel<string, string>): Channel<In | string, Out> {
  return {
    send: (message) => text.send(JSON.stringify(message)),
    onMessage: (listener) =>
      text.onMessage((line) => {
        let parsed: In;
        try {
          parsed = JSON.parse(line) as In;
        } catch {
          return listener(line);
        }
        listener(parsed);
      }),
    onClose: (listener) => text.onClose(listener),
    close: () => text.close(),
  };
}

/** One JSON text as one line: pretty-printed JSON (legal, and a client may send it) is compacted. */
export function asOneLine(text: string): string {
  if (!text.includes('\n') && !text.includes('\r')) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return JSON.stringify(text); // still malformed for the host, but one frame
  }
}
