import type { StateCreator } from 'zustand/vanilla';
import type { SessionQueueState } from '../../../electron/common/types';
import { requestInPlace, requestOrNotify, type Reply } from '../host-client/request';
import type { AppState } from './app-store';

export interface QueueSlice {
  queues: Record<string, SessionQueueState>;
  /** Sessions whose queue panel is open. */
  openQueues: Record<string, boolean>;
  setQueue(queue: SessionQueueState): void;
  toggleQueuePanel(sessionId: string, open?: boolean): void;
  /** Queues one prompt in each of the sessions. */
  queuePrompt(sessionIds: string[], text: string): Reply<'queue.add'>;
  editPrompt(itemId: string, text: string): Reply<'queue.edit'>;
  movePrompt(itemId: string, toIndex: number): void;
  removePrompt(itemId: string): void;
  sendPromptNow(itemId: string): void;
  pauseQueue(sessionId: string): void;
  resumeQueue(sessionId: string): Reply<'queue.resume'>;
}

/** Prompts still to go (queued or being sent). */
export const pendingCount = (queue: SessionQueueState | undefined): number =>
  queue ? queue.items.filter((i) => i.state === 'queued' || i.state === 'sending').length : 0;

export const createQueueSlice: StateCreator<AppState, [], [], QueueSlice> = (set, get) => ({
  queues: {},
  openQueues: {},
  setQueue: (queue) =>
    set((s) => {
      const queues = { ...s.queues, [queue.sessionId]: queue };
      // A prompt went (or goes) out to the session: what it prints from now on is a turn's output.
      const prompted = queue.items.some((i) => i.state === 'sending' || i.state === 'sent');
      return prompted && !s.engaged[queue.sessionId]
        ? { queues, engaged: { ...s.engaged, [queue.sessionId]: true } }
        : { queues };
    }),
  toggleQueuePanel: (sessionId, open) =>
    set((s) => ({ openQueues: { ...s.openQueues, [sessionId]: open ?? !s.openQueues[sessionId] } })),
  queuePrompt: (sessionIds, text) => requestInPlace(get, 'queue.add', { sessionIds, text }),
  editPrompt: (itemId, text) => requestInPlace(get, 'queue.edit', { itemId, text }),
  movePrompt: (itemId, toIndex) => void requestOrNotify(get, 'queue.move', { itemId, toIndex }),
  removePrompt: (itemId) => void requestOrNotify(get, 'queue.remove', { itemId }),
  sendPromptNow: (itemId) => void requestOrNotify(get, 'queue.sendNow', { itemId }),
  pauseQueue: (sessionId) => void requestOrNotify(get, 'queue.pause', { sessionId }),
  resumeQueue: (sessionId) => requestOrNotify(get, 'queue.resume', { sessionId }),
});
