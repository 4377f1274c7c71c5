import { createStore } from 'zustand/vanilla';
import type { AgentPreset } from '../../../electron/common/agents';
import type { HostInfo, Project, SessionInfo, SessionQueueState } from '../../../electron/common/types';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionSlice {
  connection: ConnectionState;
  hostInfo: HostInfo | null;
}

export interface ProjectsSlice {
  projects: Project[];
}

export interface SessionsSlice {
  /** Every session the host has, by id, in start order. */
  sessions: Record<string, SessionInfo>;
  sessionOrder: string[];
  /** Sessions that printed output while their tile was not focused. */
  unseen: Record<string, boolean>;
  focusedSessionId: string | null;
}

export interface QueueSlice {
  queues: Record<string, SessionQueueState>;
  /** Sessions whose queue panel is open. */
  openQueues: Record<string, boolean>;
  presets: AgentPreset[];
}

export interface TimelineSlice {
  /** The project whose timeline is open beside the tiles. */
  timelineProjectId: string | null;
}

export type AppState = ConnectionSlice & ProjectsSlice & SessionsSlice & QueueSlice & TimelineSlice;

export const initialState = (): AppState => ({
  connection: 'connecting',
  hostInfo: null,
  projects: [],
  sessions: {},
  sessionOrder: [],
  unseen: {},
  focusedSessionId: null,
  queues: {},
  openQueues: {},
  presets: [],
  timelineProjectId: null,
});

/** One store, fed from outside React by host events; tests make a fresh one each time. */
export const createAppStore = () => createStore<AppState>()(() => initialState());
export type AppStore = ReturnType<typeof createAppStore>;

export function upsertSession(state: AppState, info: SessionInfo): Partial<AppState> {
  const known = info.id in state.sessions;
  return {
    sessions: { ...state.sessions, [info.id]: info },
    sessionOrder: known ? state.sessionOrder : [...state.sessionOrder, info.id],
  };
}

export function removeSession(state: AppState, sessionId: string): Partial<AppState> {
  const { [sessionId]: _gone, ...sessions } = state.sessions;
  const { [sessionId]: _unseen, ...unseen } = state.unseen;
  const { [sessionId]: _queue, ...queues } = state.queues;
  return {
    sessions,
    unseen,
    queues,
    sessionOrder: state.sessionOrder.filter((id) => id !== sessionId),
    focusedSessionId: state.focusedSessionId === sessionId ? null : state.focusedSessionId,
  };
}

export function setSessions(list: SessionInfo[]): Partial<AppState> {
  return { sessions: Object.fromEntries(list.map((s) => [s.id, s])), sessionOrder: list.map((s) => s.id) };
}

/** A session printed output or rang while its tile was not focused. */
export function markUnseen(store: AppStore, sessionId: string): void {
  const s = store.getState();
  if (s.focusedSessionId !== sessionId && !s.unseen[sessionId]) store.setState({ unseen: { ...s.unseen, [sessionId]: true } });
}

export function focusSession(store: AppStore, sessionId: string): void {
  const s = store.getState();
  if (s.focusedSessionId === sessionId && !s.unseen[sessionId]) return;
  const { [sessionId]: _seen, ...unseen } = s.unseen;
  store.setState({ focusedSessionId: sessionId, unseen });
}

export function setQueue(state: AppState, queue: SessionQueueState): Partial<AppState> {
  return { queues: { ...state.queues, [queue.sessionId]: queue } };
}

export function toggleQueuePanel(store: AppStore, sessionId: string, open?: boolean): void {
  const s = store.getState();
  store.setState({ openQueues: { ...s.openQueues, [sessionId]: open ?? !s.openQueues[sessionId] } });
}

/** Prompts still to go (queued or being sent). */
export const pendingCount = (queue: SessionQueueState | undefined): number =>
  queue ? queue.items.filter((i) => i.state === 'queued' || i.state === 'sending').length : 0;

/** Opens a project's timeline, or closes it when it is the one already open. */
export function toggleTimeline(store: AppStore, projectId: string): void {
  const open = store.getState().timelineProjectId;
  store.setState({ timelineProjectId: open === projectId ? null : projectId });
}
