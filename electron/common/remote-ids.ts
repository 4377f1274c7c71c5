/**
 * What a client of this machine's daemon calls a thing on another host: `devbox:<its id there>`.
 * The daemon adds the host's name to every id it relays from a host and takes it off on the way
 * back, so one window holds projects and sessions of several machines in one list. Ids made here
 * (UUIDs) never hold a colon.
 */
export const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function remoteId(host: string, id: string): string {
  return `${host}:${id}`;
}

/** The host an id lives on (null: this machine) and its id there. */
export function splitRemoteId(id: string): { host: string | null; id: string } {
  const at = id.indexOf(':');
  return at > 0 ? { host: id.slice(0, at), id: id.slice(at + 1) } : { host: null, id };
}

export const hostOfId = (id: string): string | null => splitRemoteId(id).host;
