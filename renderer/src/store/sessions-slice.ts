import type { StateCreator } from 'zustand/vanilla';
import type { AgentPreset } from '../../../electron/common/agents';
import type { Params } from '../../../electron/common/protocol';
import type { SessionInfo } from '../../../electron/common/types';
import { requestInPlace, requestOrNotify, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface SessionsSlice {
  /** Every session the host has, by id, in start order. */
  sessions: Record<string, SessionInfo>;
  sessionOrder: string[];
  /**
   * Sessions that printed output while their tile was not focused, after they were engaged: a
   * session's own start-up screen (a prompt, an agent's banner) is nobody's unseen work.
   */
  unseen: Record<string, boolean>;
  /**
   * Sessions that have been given work since they started: a key typed or a prompt sent to them,
   * or (an agent) a turn begun after it had settled. Only their output can be unseen.
   */
  engaged: Record<string, boolean>;
  /** Exits the person has been to (by the session's start time): no longer "needs you". */
  seenExits: Record<string, number>;
  focusedSessionId: string | null;
  presets: AgentPreset[];
  upsertSession(info: SessionInfo): void;
  removeSession(sessionId: string): void;
  /** A session printed output or rang while its tile was not focused (counts once it is engaged). */
  markUnseen(sessionId: string): void;
  /** The session was given work (input, a prompt): its output from now on can be unseen. */
  engageSession(sessionId: string): void;
  focusSession(sessionId: string): void;
  /** Leaving a session: an exit it showed counts as seen. */
  leaveSession(sessionId: string | null): void;
  /** Starts a session and shows it. */
  startSession(params: Params<'sessions.start'>): Reply<'sessions.start'>;
  renameSession(sessionId: string, title: string): Reply<'sessions.rename'>;
  restartSession(sessionId: string): Reply<'sessions.restart'>;
  killSession(sessionId: string): void;
  closeSession(sessionId: string): void;
  setPresets(presets: AgentPreset[]): void;
  savePreset(preset: unknown): Reply<'presets.save'>;
  removePreset(presetId: string): Reply<'presets.remove'>;
}

/**
 * An agent went from waiting (idle, or asking) to busy: someone gave it a turn, from this window
 * or elsewhere. Not a shell: a shell reads as busy whenever it prints, a redraw after a resize too.
 */
function beganTurn(state: AppState, before: SessionInfo, now: SessionInfo): boolean {
  if (now.status !== 'busy' || (before.status !== 'idle' && before.status !== 'needs-input')) return false;
  return state.presets.find((p) => p.id === now.presetId)?.kind !== 'shell';
}

export const createSessionsSlice: StateCreator<AppState, [], [], SessionsSlice> = (set, get) => ({
  sessions: {},
  sessionOrder: [],
  unseen: {},
  engaged: {},
  seenExits: {},
  focusedSessionId: null,
  presets: [],
  upsertSession: (info) =>
    set((s) => {
      const before = s.sessions[info.id];
      const next: Partial<AppState> = {
        sessions: { ...s.sessions, [info.id]: info },
        sessionOrder: before ? s.sessionOrder : [...s.sessionOrder, info.id],
      };
      if (before && before.startedAt !== info.startedAt) {
        // Restarted: a new start-up screen, which waits for nobody.
        const { [info.id]: _engaged, ...engaged } = s.engaged;
        const { [info.id]: _unseen, ...unseen } = s.unseen;
        return { ...next, engaged, unseen };
      }
      if (before && !s.engaged[info.id] && beganTurn(s, before, info))
        return { ...next, engaged: { ...s.engaged, [info.id]: true } };
      return next;
    }),
  removeSession: (sessionId) =>
    set((s) => {
      const { [sessionId]: _gone, ...sessions } = s.sessions;
      const { [sessionId]: _unseen, ...unseen } = s.unseen;
      const { [sessionId]: _engaged, ...engaged } = s.engaged;
      const { [sessionId]: _queue, ...queues } = s.queues;
      return {
        sessions,
        unseen,
        engaged,
        queues,
        sessionOrder: s.sessionOrder.filter((id) => id !== sessionId),
        focusedSessionId: s.focusedSessionId === sessionId ? null : s.focusedSessionId,
      };
    }),
  markUnseen: (sessionId) => {
    const s = get();
    if (s.engaged[sessionId] && s.focusedSessionId !== sessionId && !s.unseen[sessionId])
      set({ unseen: { ...s.unseen, [sessionId]: true } });
  },
  engageSession: (sessionId) => {
    if (!get().engaged[sessionId]) set((s) => ({ engaged: { ...s.engaged, [sessionId]: true } }));
  },
  focusSession: (sessionId) => {
    const s = get();
    if (s.focusedSessionId === sessionId && !s.unseen[sessionId]) return;
    const { [sessionId]: _seen, ...unseen } = s.unseen;
    set({ focusedSessionId: sessionId, unseen });
  },
  leaveSession: (sessionId) => {
    const s = sessionId ? get().sessions[sessionId] : undefined;
    if (s?.status === 'exited') set((state) => ({ seenExits: { ...state.seenExits, [s.id]: s.startedAt } }));
  },
  startSession: async (params) => {
    const r = await requestInPlace(get, 'sessions.start', params);
    if (r?.ok) get().showSession(r.value.id);
    return r;
  },
  renameSession: (sessionId, title) => requestInPlace(get, 'sessions.rename', { sessionId, title }),
  restartSession: (sessionId) => requestOrNotify(get, 'sessions.restart', { sessionId }),
  killSession: (sessionId) => void requestOrNotify(get, 'sessions.kill', { sessionId }),
  closeSession: (sessionId) => void requestOrNotify(get, 'sessions.close', { sessionId }),
  setPresets: (presets) => set({ presets }),
  savePreset: (preset) => requestInPlace(get, 'presets.save', { preset }),
  removePreset: (presetId) => requestInPlace(get, 'presets.remove', { presetId }),
});
