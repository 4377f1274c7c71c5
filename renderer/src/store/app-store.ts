import { createStore } from 'zustand/vanilla';
import type { AgentPreset } from '../../../electron/common/agents';
import { emptyLayout, fitSizes, MAX_TILES, type Layout } from '../../../electron/common/layout';
import type { CheckRun, CheckSetup } from '../../../electron/common/checks';
import type { HostInfo, Project, SessionInfo, SessionQueueState } from '../../../electron/common/types';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionSlice {
  connection: ConnectionState;
  /** Why the last attempt to reach the host failed, when the host said (it could not start). */
  connectionError: string | null;
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
  /** Exits the person has been to (by the session's start time): no longer "needs you". */
  seenExits: Record<string, number>;
  focusedSessionId: string | null;
}

export interface QueueSlice {
  queues: Record<string, SessionQueueState>;
  /** Sessions whose queue panel is open. */
  openQueues: Record<string, boolean>;
  presets: AgentPreset[];
}

export interface LayoutSlice {
  /** The host's layout, updated here first when the person changes it. */
  layout: Layout;
  paletteOpen: boolean;
  /** Tiles whose scrollback search box is open. */
  searchOpen: Record<string, boolean>;
}

export interface TimelineSlice {
  /** The project whose timeline is open beside the tiles. */
  timelineProjectId: string | null;
}

export interface ChecksSlice {
  /** The newest check run of each project, by project id. */
  checks: Record<string, CheckRun>;
  /** Failed runs the person has looked at (their commit opened, or a fix queued): no longer "needs you". */
  seenChecks: Record<string, true>;
  /** Each project's check settings and whether what it runs is allowed (loaded when shown, then kept live). */
  checkSetups: Record<string, CheckSetup>;
}

export interface Notice {
  id: number;
  text: string;
  /** Stays until dismissed (the host's warnings), and never gives way to newer messages. */
  sticky: boolean;
}

export interface NoticesSlice {
  /** What went wrong lately, from the host's error values, oldest first (the Messages region). */
  notices: Notice[];
}

export type AppState = ConnectionSlice & ProjectsSlice & SessionsSlice & QueueSlice & TimelineSlice & LayoutSlice & NoticesSlice & ChecksSlice;

export const initialState = (): AppState => ({
  connection: 'connecting',
  connectionError: null,
  hostInfo: null,
  projects: [],
  sessions: {},
  sessionOrder: [],
  unseen: {},
  seenExits: {},
  focusedSessionId: null,
  queues: {},
  openQueues: {},
  presets: [],
  timelineProjectId: null,
  layout: emptyLayout(),
  paletteOpen: false,
  searchOpen: {},
  notices: [],
  checks: {},
  seenChecks: {},
  checkSetups: {},
});

let noticeIds = 0;
/** At most this many messages are shown; older ones give way, sticky ones excepted. */
const MAX_NOTICES = 4;

export function showNotice(store: AppStore, text: string, { sticky = false } = {}): number {
  const id = ++noticeIds;
  store.setState((s) => {
    const notices = [...s.notices.filter((n) => n.text !== text), { id, text, sticky }];
    while (notices.length > MAX_NOTICES) {
      const oldest = notices.findIndex((n) => !n.sticky);
      if (oldest === -1) break;
      notices.splice(oldest, 1);
    }
    return { notices };
  });
  return id;
}

export function dismissNotice(store: AppStore, id: number): void {
  store.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

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

/** Changes the layout here at once and tells the host, which keeps it. */
export type LayoutSink = (layout: Layout) => void;

export function changeLayout(store: AppStore, send: LayoutSink, change: (l: Layout) => Layout): void {
  const next = fitSizes(change(store.getState().layout));
  store.setState({ layout: next });
  send(next);
}

/** Shows a session: in a free slot, else in place of the focused (or last) tile; then focuses it. */
export function showSession(store: AppStore, send: LayoutSink, sessionId: string): void {
  changeLayout(store, send, (l) => {
    if (l.tiles.includes(sessionId)) return { ...l, maximized: l.maximized && l.maximized !== sessionId ? null : l.maximized };
    if (l.tiles.length < MAX_TILES) return { ...l, tiles: [...l.tiles, sessionId], maximized: null };
    const slot = Math.max(0, l.tiles.indexOf(store.getState().focusedSessionId ?? ''));
    const at = slot >= 0 ? slot : l.tiles.length - 1;
    return { ...l, tiles: l.tiles.map((id, i) => (i === at ? sessionId : id)), maximized: null };
  });
  focusSession(store, sessionId);
}

export function toggleMaximize(store: AppStore, send: LayoutSink, sessionId: string): void {
  changeLayout(store, send, (l) => ({ ...l, maximized: l.maximized === sessionId ? null : sessionId }));
}

/** Moves a tile to another position (drag and drop, or keyboard). */
export function moveTile(store: AppStore, send: LayoutSink, sessionId: string, toIndex: number): void {
  changeLayout(store, send, (l) => {
    const tiles = l.tiles.filter((id) => id !== sessionId);
    if (tiles.length === l.tiles.length) return l;
    tiles.splice(Math.max(0, Math.min(toIndex, tiles.length)), 0, sessionId);
    return { ...l, tiles };
  });
}

/** A run the host reported: it is the project's newest unless an older one is being updated. */
export function upsertCheck(state: AppState, run: CheckRun): Partial<AppState> {
  const current = state.checks[run.projectId];
  if (current && current.id !== run.id && current.createdAt > run.createdAt) return {};
  return { checks: { ...state.checks, [run.projectId]: run } };
}

export const checkFailed = (run: CheckRun | undefined): boolean => run?.state === 'failed' || run?.state === 'timed-out';
