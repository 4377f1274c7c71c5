import type { StateCreator } from 'zustand/vanilla';
import { requestInPlace, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface TimelineSlice {
  /** The project whose timeline is open beside the tiles. */
  timelineProjectId: string | null;
  openTimeline(projectId: string | null): void;
  /** Opens a project's timeline, or closes it when it is the one already open. */
  toggleTimeline(projectId: string): void;
  /** The host watches the project's repository until the returned function is called. */
  watchTimeline(projectId: string): () => void;
  timelinePage(projectId: string, skip: number, limit: number): Reply<'timeline.page'>;
  timelineWorktree(projectId: string): Reply<'timeline.worktree'>;
  /** The prompts sent to the project's sessions. */
  promptHistory(projectId: string): Reply<'history.list'>;
  commitDetail(projectId: string, hash: string): Reply<'timeline.commit'>;
  revertCommit(projectId: string, hash: string): Reply<'timeline.revert'>;
  initRepository(projectId: string): Reply<'timeline.init'>;
}

export const createTimelineSlice: StateCreator<AppState, [], [], TimelineSlice> = (set, get) => ({
  timelineProjectId: null,
  openTimeline: (timelineProjectId) => set({ timelineProjectId }),
  toggleTimeline: (projectId) =>
    set((s) => ({ timelineProjectId: s.timelineProjectId === projectId ? null : projectId })),
  watchTimeline: (projectId) => {
    const client = get().client;
    void client?.request('timeline.open', { projectId });
    return () => void client?.request('timeline.close', { projectId });
  },
  timelinePage: (projectId, skip, limit) => requestInPlace(get, 'timeline.page', { projectId, skip, limit }),
  timelineWorktree: (projectId) => requestInPlace(get, 'timeline.worktree', { projectId }),
  promptHistory: (projectId) => requestInPlace(get, 'history.list', { projectId }),
  commitDetail: (projectId, hash) => requestInPlace(get, 'timeline.commit', { projectId, hash }),
  revertCommit: (projectId, hash) => requestInPlace(get, 'timeline.revert', { projectId, hash }),
  initRepository: (projectId) => requestInPlace(get, 'timeline.init', { projectId }),
});
