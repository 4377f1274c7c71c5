import { rowsFor, type Layout } from '../../../electron/common/layout';

/** A tile's place in the workspace, in percent. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Gutter {
  kind: 'row' | 'col';
  /** For 'row': the boundary below row `row`; for 'col': the boundary right of tile `col` in row `row`. */
  row: number;
  col: number;
  rect: Rect;
  /** The first of the two neighbours' share of the pair, in percent (10 to 90: `resize` keeps each at least 10%). */
  share: number;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const shareOf = (a: number, b: number) => (a + b > 0 ? Math.round((a / (a + b)) * 100) : 50);

/**
 * Where each tile and each split goes, from the layout's relative sizes. Tiles are positioned,
 * not nested in row containers, so moving a tile never re-creates its terminal.
 */
export function tileRects(layout: Layout): { tiles: Map<string, Rect>; gutters: Gutter[] } {
  const tiles = new Map<string, Rect>();
  const gutters: Gutter[] = [];
  const rows = rowsFor(layout.tiles.length);
  const rowTotal = sum(layout.rowSizes) || 1;
  let top = 0;
  let index = 0;
  rows.forEach((count, r) => {
    const height = ((layout.rowSizes[r] ?? 1) / rowTotal) * 100;
    const cols = layout.colSizes[r] ?? [];
    const colTotal = sum(cols) || 1;
    let left = 0;
    for (let c = 0; c < count; c++) {
      const width = ((cols[c] ?? 1) / colTotal) * 100;
      tiles.set(layout.tiles[index++], { left, top, width, height });
      left += width;
      if (c < count - 1)
        gutters.push({
          kind: 'col',
          row: r,
          col: c,
          rect: { left, top, width: 0, height },
          share: shareOf(cols[c] ?? 1, cols[c + 1] ?? 1),
        });
    }
    top += height;
    if (r < rows.length - 1)
      gutters.push({
        kind: 'row',
        row: r,
        col: 0,
        rect: { left: 0, top, width: 100, height: 0 },
        share: shareOf(layout.rowSizes[r] ?? 1, layout.rowSizes[r + 1] ?? 1),
      });
  });
  return { tiles, gutters };
}

/**
 * Moves a split by `deltaFraction` of the whole between two neighbours, keeping each at least
 * 10% of the pair.
 */
export function resize(sizes: number[], i: number, deltaFraction: number): number[] {
  const total = sum(sizes);
  const pair = sizes[i] + sizes[i + 1];
  const min = pair * 0.1;
  const a = Math.min(pair - min, Math.max(min, sizes[i] + deltaFraction * total));
  return sizes.map((s, k) => (k === i ? a : k === i + 1 ? pair - a : s));
}
