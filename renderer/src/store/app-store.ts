import { createStore } from 'zustand/vanilla';
import { createChecksSlice, type ChecksSlice } from './checks-slice';
import { createConnectionSlice, type ConnectionSlice } from './connection-slice';
import { createHostsSlice, type HostsSlice } from './hosts-slice';
import { createLayoutSlice, type LayoutSlice } from './layout-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createProjectsSlice, type ProjectsSlice } from './projects-slice';
import { createQueueSlice, type QueueSlice } from './queue-slice';
import { createSessionsSlice, type SessionsSlice } from './sessions-slice';
import { createTimelineSlice, type TimelineSlice } from './timeline-slice';
import { createUsageSlice, type UsageSlice } from './usage-slice';

/** Each slice holds its state and its actions; actions that ask the host use the state's client. */
export type AppState = ConnectionSlice &
  ProjectsSlice &
  SessionsSlice &
  QueueSlice &
  TimelineSlice &
  LayoutSlice &
  NoticesSlice &
  ChecksSlice &
  HostsSlice &
  UsageSlice;

/** One store, fed from outside React by host events; tests make a fresh one each time. */
export const createAppStore = () =>
  createStore<AppState>()((...a) => ({
    ...createConnectionSlice(...a),
    ...createProjectsSlice(...a),
    ...createSessionsSlice(...a),
    ...createQueueSlice(...a),
    ...createTimelineSlice(...a),
    ...createLayoutSlice(...a),
    ...createNoticesSlice(...a),
    ...createChecksSlice(...a),
    ...createHostsSlice(...a),
    ...createUsageSlice(...a),
  }));
export type AppStore = ReturnType<typeof createAppStore>;
