import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clampFontSize,
  DEFAULT_FONT_SIZE,
  fontSize,
  MAX_FONT_SIZE,
  MIN_FONT_SIZE,
  onFontSizeChange,
  resetFontSize,
  setFontSize,
  zoomIn,
  zoomOut,
  zoomStep,
} from '../../renderer/src/terminal/font-size';
import { ALSO_BINDINGS, chordOf, DEFAULT_BINDINGS, normalize } from '../../renderer/src/commands/keybindings';
import { COMMANDS } from '../../renderer/src/commands/commands';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

describe('terminal font size', () => {
  beforeEach(() => vi.stubGlobal('localStorage', memoryStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('clamps to whole sizes between the bounds; anything unreadable is the default', () => {
    expect(clampFontSize(14)).toBe(14);
    expect(clampFontSize(14.6)).toBe(15);
    expect(clampFontSize(2)).toBe(MIN_FONT_SIZE);
    expect(clampFontSize(400)).toBe(MAX_FONT_SIZE);
    expect(clampFontSize('18')).toBe(18);
    for (const bad of [NaN, Infinity, '', 'big', null, undefined, {}])
      expect(clampFontSize(bad)).toBe(DEFAULT_FONT_SIZE);
  });

  it('zooms by 1 px below 16 and 2 px from there, and stops at the bounds', () => {
    expect(zoomStep(13, 1)).toBe(14);
    expect(zoomStep(16, 1)).toBe(18);
    expect(zoomStep(18, -1)).toBe(16);
    expect(zoomStep(16, -1)).toBe(15);
    expect(zoomStep(MAX_FONT_SIZE, 1)).toBe(MAX_FONT_SIZE);
    expect(zoomStep(MIN_FONT_SIZE, -1)).toBe(MIN_FONT_SIZE);
  });

  it('is kept in this window’s storage and every listener hears a change', () => {
    const heard: number[] = [];
    const off = onFontSizeChange((size) => heard.push(size));
    expect(fontSize()).toBe(DEFAULT_FONT_SIZE);
    zoomIn();
    zoomIn();
    expect(fontSize()).toBe(DEFAULT_FONT_SIZE + 2);
    expect(localStorage.getItem('flotilla.terminalFontSize')).toBe(String(DEFAULT_FONT_SIZE + 2));
    zoomOut();
    expect(setFontSize(99)).toBe(MAX_FONT_SIZE);
    resetFontSize();
    expect(fontSize()).toBe(DEFAULT_FONT_SIZE);
    expect(localStorage.getItem('flotilla.terminalFontSize')).toBeNull();
    off();
    zoomIn();
    expect(heard).toEqual([14, 15, 14, MAX_FONT_SIZE, DEFAULT_FONT_SIZE]);
    localStorage.setItem('flotilla.terminalFontSize', 'garbage');
    expect(fontSize()).toBe(DEFAULT_FONT_SIZE);
  });

  it('Ctrl/Cmd + = / − / 0 are the zoom commands’ keys, with Ctrl++ and the keypad too', () => {
    const key = (code: string, shift = false) =>
      chordOf({ code, ctrlKey: true, metaKey: false, altKey: false, shiftKey: shift } as KeyboardEvent);
    expect(normalize(DEFAULT_BINDINGS['terminal.zoomIn'])).toBe(key('Equal'));
    expect(normalize(DEFAULT_BINDINGS['terminal.zoomOut'])).toBe(key('Minus'));
    expect(normalize(DEFAULT_BINDINGS['terminal.zoomReset'])).toBe(key('Digit0'));
    expect(ALSO_BINDINGS['terminal.zoomIn'].map(normalize)).toContain(key('Equal', true));
    for (const id of ['terminal.zoomIn', 'terminal.zoomOut', 'terminal.zoomReset'])
      expect(COMMANDS.some((c) => c.id === id)).toBe(true);
  });
});
