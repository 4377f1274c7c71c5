/** Columns for n tiles: 1, 2, 3 side by side, then 2×2, 3+2, 3×2, 4+3, 4×2. */
export function gridColumns(n: number): number {
  if (n <= 3) return Math.max(1, n);
  if (n === 4) return 2;
  if (n <= 6) return 3;
  return 4;
}
