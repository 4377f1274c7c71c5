import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './app-store';

export interface Notice {
  id: number;
  text: string;
  /** Stays until dismissed (the host's warnings), and never gives way to newer messages. */
  sticky: boolean;
}

export interface NoticesSlice {
  /** What went wrong lately, from the host's error values, oldest first (the Messages region). */
  notices: Notice[];
  showNotice(text: string, options?: { sticky?: boolean }): number;
  dismissNotice(id: number): void;
}

let noticeIds = 0;
/** At most this many messages are shown; older ones give way, sticky ones excepted. */
const MAX_NOTICES = 4;

export const createNoticesSlice: StateCreator<AppState, [], [], NoticesSlice> = (set) => ({
  notices: [],
  showNotice: (text, { sticky = false } = {}) => {
    const id = ++noticeIds;
    set((s) => {
      const notices = [...s.notices.filter((n) => n.text !== text), { id, text, sticky }];
      while (notices.length > MAX_NOTICES) {
        const oldest = notices.findIndex((n) => !n.sticky);
        if (oldest === -1) break;
        notices.splice(oldest, 1);
      }
      return { notices };
    });
    return id;
  },
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
});
