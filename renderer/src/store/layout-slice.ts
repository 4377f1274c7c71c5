import type { StateCreator } from 'zustand/vanilla';
import { emptyLayout, fitSizes, MAX_TILES, type Layout } from '../../../electron/common/layout';
import type { AppState } from './app-store';

export interface LayoutSlice {
  /** The host's layout, updated here first when the person changes it. */
  layout: Layout;
  paletteOpen: boolean;
  /** Tiles whose scrollback search box is open. */
  searchOpen: Record<string, boolean>;
  /** A layout the host holds (its answer or another window's change): not sent back. */
  setLayout(layout: Layout): void;
  /** Changes the layout here at once and tells the host, which keeps it. */
  changeLayout(change: (layout: Layout) => Layout): void;
  /** Shows a session: in a free slot, else in place of the focused (or last) tile; then focuses it. */
  showSession(sessionId: string): void;
  /** Takes a tile off the grid; its session keeps running. */
  hideTile(sessionId: string): void;
  toggleMaximize(sessionId: string): void;
  /** Moves a tile to another position (drag and drop, or keyboard). */
  moveTile(sessionId: string, toIndex: number): void;
  setPaletteOpen(open: boolean): void;
  setSearchOpen(sessionId: string, open: boolean): void;
}

export const createLayoutSlice: StateCreator<AppState, [], [], LayoutSlice> = (set, get) => ({
  layout: emptyLayout(),
  paletteOpen: false,
  searchOpen: {},
  setLayout: (layout) => set({ layout }),
  changeLayout: (change) => {
    const next = fitSizes(change(get().layout));
    set({ layout: next });
    get().layoutSync?.send(next);
  },
  showSession: (sessionId) => {
    get().changeLayout((l) => {
      if (l.tiles.includes(sessionId))
        return { ...l, maximized: l.maximized && l.maximized !== sessionId ? null : l.maximized };
      if (l.tiles.length < MAX_TILES) return { ...l, tiles: [...l.tiles, sessionId], maximized: null };
      const slot = l.tiles.indexOf(get().focusedSessionId ?? '');
      const at = slot >= 0 ? slot : l.tiles.length - 1;
      return { ...l, tiles: l.tiles.map((id, i) => (i === at ? sessionId : id)), maximized: null };
    });
    get().focusSession(sessionId);
  },
  hideTile: (sessionId) => get().changeLayout((l) => ({ ...l, tiles: l.tiles.filter((t) => t !== sessionId) })),
  toggleMaximize: (sessionId) =>
    get().changeLayout((l) => ({ ...l, maximized: l.maximized === sessionId ? null : sessionId })),
  moveTile: (sessionId, toIndex) =>
    get().changeLayout((l) => {
      const tiles = l.tiles.filter((id) => id !== sessionId);
      if (tiles.length === l.tiles.length) return l;
      tiles.splice(Math.max(0, Math.min(toIndex, tiles.length)), 0, sessionId);
      return { ...l, tiles };
    }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  setSearchOpen: (sessionId, open) => set((s) => ({ searchOpen: { ...s.searchOpen, [sessionId]: open } })),
});
