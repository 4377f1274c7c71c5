/**
 * The terminals' font size: one setting for every tile in this window, kept in localStorage,
 * changed by Ctrl/Cmd + = / − / 0 (zoom in, out, reset) and by the field in the sidebar. Every
 * tile's xterm listens and refits, so the session gets the new columns and rows.
 */
export const DEFAULT_FONT_SIZE = 13;
export const MIN_FONT_SIZE = 8;
export const MAX_FONT_SIZE = 32;
const STORAGE_KEY = 'flotilla.terminalFontSize';

/** A whole size between MIN_FONT_SIZE and MAX_FONT_SIZE; anything unreadable is the default. */
export function clampFontSize(size: unknown): number {
  const n = typeof size === 'string' && size.trim() !== '' ? Number(size) : size;
  if (typeof n !== 'number' || !Number.isFinite(n)) return DEFAULT_FONT_SIZE;
  return Math.min(MAX_FONT_SIZE, Math.max(MIN_FONT_SIZE, Math.round(n)));
}

/** One step of zoom: 1 px below 16, 2 px from there on (larger sizes need larger steps to show). */
export function zoomStep(size: number, direction: 1 | -1): number {
  const step = (direction > 0 ? size : size - 1) >= 16 ? 2 : 1;
  return clampFontSize(size + direction * step);
}

const listeners = new Set<(size: number) => void>();

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function fontSize(): number {
  const stored = storage()?.getItem(STORAGE_KEY);
  return stored == null ? DEFAULT_FONT_SIZE : clampFontSize(stored);
}

/** Sets the size (clamped), keeps it and tells every terminal; returns what it set. */
export function setFontSize(size: number): number {
  const next = clampFontSize(size);
  if (next === DEFAULT_FONT_SIZE) storage()?.removeItem(STORAGE_KEY);
  else storage()?.setItem(STORAGE_KEY, String(next));
  for (const listener of listeners) listener(next);
  return next;
}

export const zoomIn = (): number => setFontSize(zoomStep(fontSize(), 1));
export const zoomOut = (): number => setFontSize(zoomStep(fontSize(), -1));
export const resetFontSize = (): number => setFontSize(DEFAULT_FONT_SIZE);

export function onFontSizeChange(listener: (size: number) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
