/** At most this many live tiles; more sessions keep running off-screen. */
export const MAX_TILES = 8;

/** What the workspace shows: kept by the host so it survives reloads and restarts. */
export interface Layout {
  /** Shown sessions, in order. */
  tiles: string[];
  maximized: string | null;
  focused: string | null;
  /** Relative sizes: one per row, and per row one per tile (dragging the splits). */
  rowSizes: number[];
  colSizes: number[][];
}

export const emptyLayout = (): Layout => ({ tiles: [], maximized: null, focused: null, rowSizes: [], colSizes: [] });

/** Tiles per row for n tiles: 1, 2, 3 side by side, then 2×2, 3+2, 3×2, 4+3, 4×2. */
export function rowsFor(n: number): number[] {
  const table: Record<number, number[]> = {
    0: [],
    1: [1],
    2: [2],
    3: [3],
    4: [2, 2],
    5: [3, 2],
    6: [3, 3],
    7: [4, 3],
    8: [4, 4],
  };
  return table[Math.min(n, MAX_TILES)];
}

/** Sizes that fit the tile count: kept when the shape is unchanged, even otherwise. */
export function fitSizes(layout: Layout): Layout {
  const rows = rowsFor(layout.tiles.length);
  const sameShape = layout.rowSizes.length === rows.length && rows.every((k, r) => layout.colSizes[r]?.length === k);
  if (sameShape) return layout;
  return { ...layout, rowSizes: rows.map(() => 1), colSizes: rows.map((k) => Array.from({ length: k }, () => 1)) };
}
