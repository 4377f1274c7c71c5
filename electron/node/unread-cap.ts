/**
 * What the host buffers for one peer that does not read before it closes that connection (the
 * others are untouched). Flow control keeps a client far below it: live output stops at 100 K
 * unacknowledged characters, then a client gets one screen (~4 KB, ~1 MB with scrollback) per
 * session once it acknowledged the last. Only a peer that acknowledges output it never reads, or
 * events piling up for one that stopped reading for good, gets here.
 */
export const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

/** Whether a peer has more than MAX_UNREAD_BYTES waiting; if so the log says so, and the caller closes it. */
export function leftTooMuchUnread(bufferedBytes: number, log: (message: string) => void): boolean {
  if (bufferedBytes <= MAX_UNREAD_BYTES) return false;
  log(
    `closing a connection whose peer left ${Math.round(bufferedBytes / 2 ** 20)} MB unread (the cap is ${MAX_UNREAD_BYTES / 2 ** 20} MB)`,
  );
  return true;
}
