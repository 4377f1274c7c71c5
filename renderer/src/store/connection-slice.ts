import type { StateCreator } from 'zustand/vanilla';
import type { AgentPreset } from '../../../electron/common/agents';
import type { CheckRun } from '../../../electron/common/checks';
import type { HostClient } from '../../../electron/common/host-client';
import type { Layout } from '../../../electron/common/layout';
import type { HostInfo, HostState, Project, SessionInfo, SessionQueueState } from '../../../electron/common/types';
import type { UsageSnapshot } from '../../../electron/common/usage';
import type { LayoutSync } from '../host-client/layout-sync';
import type { AppState } from './app-store';
import { usageState } from './usage-slice';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** What the host has when this window connects; a request that failed leaves its part out. */
export interface HostSnapshot {
  info: HostInfo | null;
  projects?: Project[];
  sessions?: SessionInfo[];
  queues?: SessionQueueState[];
  presets?: AgentPreset[];
  checks?: CheckRun[];
  layout?: Layout;
  hosts?: HostState[];
  usage?: UsageSnapshot;
}

export interface ConnectionSlice {
  connection: ConnectionState;
  /** Why the last attempt to reach the host failed, when the host said (it could not start). */
  connectionError: string | null;
  hostInfo: HostInfo | null;
  /** The live connection, once its state is loaded: what every action that asks the host uses. */
  client: HostClient | null;
  /** The layout's sync with the host, for that connection. */
  layoutSync: LayoutSync | null;
  connecting(): void;
  /** The attempt failed; `error` is the host's own word on why, if it gave one. */
  connectFailed(error: string | null): void;
  hostLoaded(snapshot: HostSnapshot): void;
  connected(client: HostClient, layoutSync: LayoutSync): void;
  /** The connection closed; `failure` is the front end's word on why there is no host. */
  disconnected(failure: string | null): void;
}

export const createConnectionSlice: StateCreator<AppState, [], [], ConnectionSlice> = (set, get) => ({
  connection: 'connecting',
  connectionError: null,
  hostInfo: null,
  client: null,
  layoutSync: null,
  connecting: () => set({ connection: 'connecting' }),
  connectFailed: (error) => set({ connection: 'closed', connectionError: error }),
  hostLoaded: ({ info, projects, sessions, queues, presets, checks, layout, hosts, usage }) =>
    set((s) => ({
      connection: 'open',
      connectionError: null,
      hostInfo: info,
      ...(projects ? { projects } : {}),
      ...(sessions
        ? { sessions: Object.fromEntries(sessions.map((s) => [s.id, s])), sessionOrder: sessions.map((s) => s.id) }
        : {}),
      ...(queues ? { queues: Object.fromEntries(queues.map((q) => [q.sessionId, q])) } : {}),
      ...(presets ? { presets } : {}),
      ...(checks ? { checks: Object.fromEntries(checks.map((r) => [r.projectId, r])) } : {}),
      ...(layout ? { layout, focusedSessionId: get().focusedSessionId ?? layout.focused } : {}),
      ...(hosts ? { hosts } : {}),
      ...(usage ? usageState(s, usage) : {}),
    })),
  connected: (client, layoutSync) => set({ client, layoutSync }),
  disconnected: (failure) =>
    set({ connection: 'closed', client: null, layoutSync: null, ...(failure ? { connectionError: failure } : {}) }),
});
