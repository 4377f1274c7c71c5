import { hostOfId } from '../../electron/common/remote-ids';
import type { HostState } from '../../electron/common/types';
import type { AppState } from './store/app-store';

/** How a host's link is, in words: "connected", "connecting…", "reconnecting — ssh's reason", "failed — …". */
export function hostStateText(host: HostState): string {
  if (host.state === 'connected') return 'connected';
  if (host.state === 'connecting') return 'connecting…';
  return host.reason ? `${host.state} — ${host.reason}` : host.state;
}

/** A tile's line while its host is down: "devbox: reconnecting — reason". */
export const hostDownLine = (host: HostState): string => `${host.name}: ${hostStateText(host)}`;

/** Why keys typed for a session were not sent: "Not sent to build: devbox is reconnecting — reason". */
export function notSentText(sessionTitle: string, host: HostState): string {
  const verb = host.state === 'failed' ? '' : 'is ';
  return `Not sent to ${sessionTitle}: ${host.name} ${verb}${hostStateText(host)}`;
}

/** The host of a session, or project, while its link is not up; null on this machine or when it is up. */
export function downHostOf(state: AppState, id: string): HostState | null {
  const name = hostOfId(id);
  const host = name ? state.hosts.find((h) => h.name === name) : undefined;
  return host && host.state !== 'connected' ? host : null;
}
