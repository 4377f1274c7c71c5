import type { HostClient } from '../../../electron/common/host-client';
import { downHostOf, notSentText } from '../host-status';
import type { AppStore } from '../store/app-store';

/** Says once (while the same message is shown) that keys for a session did not go. */
function tellNotSent(store: AppStore, text: string): void {
  const { notices, showNotice } = store.getState();
  if (!notices.some((n) => n.text === text)) showNotice(text);
}

const titleOf = (store: AppStore, sessionId: string) => store.getState().sessions[sessionId]?.title ?? sessionId;

/**
 * What xterm answers on its own when a program asks (device attributes, cursor position, mode and
 * colour reports, focus in/out) or reports the mouse moving: input, but not the person's.
 */
const TERMINAL_REPORT =
  /^(?:\x1b\[[?>=]?[\d;]*[cnRt]|\x1b\[\??[\d;]*\$y|\x1b\[[IO]|\x1b\[<[\d;]*[Mm]|\x1b\[M[\s\S]{3}|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\)+$/;

/** Whether terminal input is the person's (keys, a paste) rather than the terminal answering a program. */
export function isPersonInput(data: string): boolean {
  return data.length > 0 && !TERMINAL_REPORT.test(data);
}

/**
 * Keys and pastes from a tile to its session: the one place terminal input goes to the host.
 * Nothing is sent while the session's host is unreachable (it would be lost), and the person is told.
 */
export function sendInput(store: AppStore, client: Pick<HostClient, 'input'>, sessionId: string, data: string): void {
  const host = downHostOf(store.getState(), sessionId);
  if (host) return tellNotSent(store, notSentText(titleOf(store, sessionId), host));
  // The person gave the session work: its output from now on can be unseen (its start-up screen could not).
  if (isPersonInput(data)) store.getState().engageSession(sessionId);
  client.input(sessionId, data);
}

/** The daemon did not send keys on (their host went down as they travelled): the same message, else its reason. */
export function inputRefused(store: AppStore, sessionId: string, reason: string): void {
  const host = downHostOf(store.getState(), sessionId);
  const title = titleOf(store, sessionId);
  tellNotSent(store, host ? notSentText(title, host) : `Not sent to ${title}: ${reason}`);
}
