import type { Duplex } from 'node:stream';
import type { Channel } from '../common/channel';
import { leftTooMuchUnread } from '../node/unread-cap';

/** A peer that sends a line longer than this is cut off (a screen with scrollback is ~1 MB). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

const NEWLINE = 0x0a;

/** A Unix socket, or ssh's stdio to another machine's daemon. */
type LineStream = Duplex & { setNoDelay?(noDelay: boolean): unknown };

/**
 * Newline-delimited messages over a stream socket: the daemon's transport. JSON never holds a
 * raw newline, so a line is a message. Lines stay bytes here: the bridge (DaemonLink.bridge) only
 * forwards them, as strings, and never parses a frame. An error ends this socket only.
 */
export function byteLineSocket(
  socket: LineStream,
  log: (message: string) => void = () => {},
): Channel<Buffer, string | Buffer> {
  const listeners = new Set<(line: Buffer) => void>();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  socket.setNoDelay?.(true);
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, nl);
      const line = pending.length ? Buffer.concat([...pending, piece]) : piece;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      for (const listener of listeners) listener(line);
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
    }
    if (pendingBytes > MAX_LINE_BYTES) {
      log(`closing a daemon socket: a message over ${MAX_LINE_BYTES} bytes`);
      socket.destroy();
    }
  });
  // A peer that went away mid-write is the close that follows, not news.
  socket.on(
    'error',
    (e: NodeJS.ErrnoException) => e.code !== 'EPIPE' && e.code !== 'ECONNRESET' && log(`daemon socket: ${e.message}`),
  );
  return {
    send: (line) => {
      if (!socket.writable) return;
      socket.cork(); // one write for the line and its newline
      socket.write(line);
      socket.write('\n');
      socket.uncork();
      if (leftTooMuchUnread(socket.writableLength, log)) socket.destroy();
    },
    onMessage: (listener) => void listeners.add(listener),
    onClose: (listener) => void socket.on('close', listener),
    close: () => void socket.end(),
  };
}

/** The same, with each line as text. */
export function lineSocket(socket: LineStream, log: (message: string) => void = () => {}): Channel<string, string> {
  const bytes = byteLineSocket(socket, log);
  return { ...bytes, onMessage: (listener) => bytes.onMessage((line) => listener(line.toString('utf8'))) };
}
