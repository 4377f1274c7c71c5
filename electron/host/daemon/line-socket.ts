import type { Socket } from 'node:net';
import type { Channel } from '../../common/channel';

/** A peer that sends a line longer than this is cut off (a screen with scrollback is ~1 MB). */
export const MAX_LINE_CHARS = 32 * 1024 * 1024;

/**
 * Newline-delimited text over a stream socket: the daemon's transport. JSON never holds a raw
 * newline, so a line is a message. An error ends this socket only.
 */
export function lineSocket(socket: Socket, log: (message: string) => void = () => {}): Channel<string, string> {
  const lines = new Set<(line: string) => void>();
  let buffer = '';
  socket.setEncoding('utf8');
  socket.setNoDelay?.(true);
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    let start = 0;
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n', start)) {
      const line = buffer.slice(start, nl);
      start = nl + 1;
      for (const listener of lines) listener(line);
    }
    buffer = start ? buffer.slice(start) : buffer;
    if (buffer.length > MAX_LINE_CHARS) {
      log(`closing a daemon socket: a message over ${MAX_LINE_CHARS} characters`);
      socket.destroy();
    }
  });
  // A peer that went away mid-write is the close that follows, not news.
  socket.on('error', (e: NodeJS.ErrnoException) => e.code !== 'EPIPE' && e.code !== 'ECONNRESET' && log(`daemon socket: ${e.message}`));
  return {
    send: (line) => {
      if (socket.writable) socket.write(`${line}\n`);
    },
    onMessage: (listener) => void lines.add(listener),
    onClose: (listener) => void socket.on('close', listener),
    close: () => void socket.end(),
  };
}
