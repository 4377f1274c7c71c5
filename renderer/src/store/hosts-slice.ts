import type { StateCreator } from 'zustand/vanilla';
import type { Params } from '../../../electron/common/protocol';
import type { HostState } from '../../../electron/common/types';
import { requestInPlace, requestOrNotify, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface HostsSlice {
  /** The other machines the daemon reaches over ssh, in its order, each with how its link is. */
  hosts: HostState[];
  /** The "Add host" form is open (the sidebar's button or the palette). */
  addHostOpen: boolean;
  setHosts(hosts: HostState[]): void;
  setAddHostOpen(open: boolean): void;
  addHost(params: Params<'hosts.add'>): Reply<'hosts.add'>;
  removeHost(name: string): Reply<'hosts.remove'>;
  reconnectHost(name: string): Reply<'hosts.reconnect'>;
  /** Copies Flotilla to a host that lacks it and builds it there; the heading shows the error in place. */
  installHost(name: string): Reply<'hosts.install'>;
}

/** Hosts whose link came up since `before` (a host seen for the first time counts when it is up). */
export function hostsBackOnline(before: HostState[], after: HostState[]): string[] {
  const was = new Map(before.map((h) => [h.name, h.state]));
  return after.filter((h) => h.state === 'connected' && was.get(h.name) !== 'connected').map((h) => h.name);
}

export const createHostsSlice: StateCreator<AppState, [], [], HostsSlice> = (set, get) => ({
  hosts: [],
  addHostOpen: false,
  setHosts: (hosts) => set({ hosts }),
  setAddHostOpen: (addHostOpen) => set({ addHostOpen }),
  addHost: async (params) => {
    const r = await requestInPlace(get, 'hosts.add', params);
    // Shown at once; the daemon's hosts.changed follows with the same list.
    if (r?.ok && !get().hosts.some((h) => h.name === r.value.name)) set((s) => ({ hosts: [...s.hosts, r.value] }));
    return r;
  },
  removeHost: (name) => requestOrNotify(get, 'hosts.remove', { name }),
  reconnectHost: (name) => requestOrNotify(get, 'hosts.reconnect', { name }),
  installHost: (name) => requestInPlace(get, 'hosts.install', { name }),
});
